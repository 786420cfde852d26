"""Hidden grader for generator_pipeline.

``consumer`` is driven by the grader, step by step, with a sink that records
every ``write`` and ``close``: the grader writes down each value it sends,
each reply it gets back and each sink call, and compares that exact sequence
with the protocol's (so a consumer that writes late, stops early or replies
wrongly shows where).  ``produce`` is given the grader's own consumer, which
records what it was sent and how it ended (``GeneratorExit`` from ``close()``,
or the ``None`` sentinel); ``inspect.getgeneratorstate`` tells whether it was
left suspended.  One test runs the student's two functions together.

Generators run synchronously, so nothing here is timed; every call into the
student's code runs on a helper thread with a 2 s deadline
(``conclab.interleave.call_with_timeout``), and every generator is closed
afterwards.
"""
import inspect

import pytest

from conclab.interleave import StillRunning, call_with_timeout

LIMIT = 2.0   # s: deadline for one call into the student's code
OK = "200 OK"


class RecordingSink:
    """A sink (``write``/``close``) that writes its calls into a shared event list."""

    def __init__(self, events):
        self.events = events
        self.items = []
        self.closes = 0

    def write(self, item):
        self.events.append(("write", item))
        if self.closes:
            raise ValueError("write to a closed sink")
        self.items.append(item)

    def close(self):
        self.events.append(("close",))
        self.closes += 1


def rounds(events):
    """One line per prime/send: what the producer did, the sink calls it caused, the reply."""
    lines = []
    for event in events:
        kind, args = event[0], event[1:]
        if kind == "prime":
            lines.append("next(c)")
        elif kind == "send":
            lines.append(f"send({args[0]!r})")
        elif kind == "reply":
            lines[-1] += f" -> {args[0]!r}"
        else:
            text = f"sink.{kind}({', '.join(map(repr, args))})"
            lines[-1] = lines[-1] + " " + text if lines else text
    return lines


def show(got, want):
    """The observed and expected rounds side by side, the first difference marked."""
    got, want = rounds(got), rounds(want)
    width = max(len(line) for line in got + want + ["what happened"])
    out = [f"      {'what happened':<{width}}   expected"]
    for i in range(max(len(got), len(want))):
        g = got[i] if i < len(got) else ""
        w = want[i] if i < len(want) else ""
        out.append(f"  {'>>' if g != w else '  '}  {g:<{width}}   {w}")
    return "\n".join(out)


def explain(error, what, theirs="consumer"):
    """A teaching message for an exception out of the student's ``theirs`` (consumer/produce)."""
    text = f"{type(error).__name__}: {error}"
    if isinstance(error, StopIteration) and theirs == "produce":
        return (f"{what}: StopIteration escaped from produce. The grader's consumer ends only "
                f"when sent None; sending it None stops it with StopIteration, which produce "
                f"must catch. Simpler: end it with c.close()")
    if isinstance(error, StopIteration) and theirs == "both":
        return (f"{what}: StopIteration escaped from produce. Either your consumer ended "
                f"early, on an item (stop only on `item is None`: `not item` is true for 0 and "
                f"''), or produce sent None to stop it without catching StopIteration "
                f"(simpler: c.close())")
    if isinstance(error, StopIteration):
        return (f"{what}: the consumer ended (StopIteration{f', value {error.value!r}' if error.value is not None else ''}). "
                f"It must stop only when sent None: `if not item` stops on 0, '' and False too; "
                f"test `if item is None`")
    if isinstance(error, TypeError) and "just-started generator" in str(error):
        return (f"{what}: {text}. A generator must be primed first: `next(c)` or "
                f"`c.send(None)` runs it to its first `yield`")
    if isinstance(error, RuntimeError) and "GeneratorExit" in str(error):
        return (f"{what}: {text}. close() raises GeneratorExit at the consumer's `yield`; "
                f"the consumer caught it (a bare `except:` or `except BaseException`) and "
                f"yielded again. Let GeneratorExit propagate; do the cleanup in `finally:`")
    return f"{what}: {text}"


def step(fn, *args, what, theirs="consumer"):
    """``fn(*args)`` with a deadline; its value, or a failure that says what happened."""
    try:
        return call_with_timeout(fn, *args, timeout=LIMIT, name="generator step")
    except NotImplementedError:
        raise
    except StillRunning:
        pytest.fail(f"{what} did not return within {LIMIT:g} s: a loop that never reaches "
                    f"`yield` or `return`", pytrace=False)
    except Exception as exc:  # noqa: BLE001 - shown to the student
        pytest.fail(explain(exc, what, theirs), pytrace=False)


def dispose(gen):
    """Close a generator the grader made, whatever the student's code does."""
    try:
        call_with_timeout(gen.close, timeout=0.5, name="close")
    except BaseException:  # noqa: BLE001 - cleanup only
        pass


def new_consumer(exercise, events):
    sink = RecordingSink(events)
    c = exercise.consumer(sink)
    if not inspect.isgenerator(c):
        pytest.fail(f"consumer(sink) returned {type(c).__name__}, not a generator: it must be "
                    f"a generator function (with `item = yield reply` inside)", pytrace=False)
    return c, sink


def feed(exercise, items):
    """Prime a student's consumer and send it ``items``; (generator, sink, events)."""
    events = []
    c, sink = new_consumer(exercise, events)
    events.append(("prime",))
    events.append(("reply", step(next, c, what="priming the consumer (next(c))")))
    for item in items:
        events.append(("send", item))
        events.append(("reply", step(c.send, item, what=f"c.send({item!r})")))
    return c, sink, events


def protocol(items):
    events = [("prime",), ("reply", "")]
    for item in items:
        events += [("send", item), ("write", item), ("reply", OK)]
    return events


def check_sequence(got, want, doing):
    if got != want:
        pytest.fail(f"{doing}, the grader saw (>> marks a difference):\n{show(got, want)}\n"
                    f"Each send must write that item into the sink, then yield '{OK}'; "
                    f"priming yields ''", pytrace=False)


# ------------------------------------------------------------------ consumer

@pytest.mark.points(1)
@pytest.mark.timeout(10)
def test_consumer_primes_with_empty_reply(exercise):
    events = []
    c, sink = new_consumer(exercise, events)
    try:
        assert events == [], (f"consumer(sink) already called the sink ({events}) before it "
                              f"was primed; a generator runs none of its code until next()")
        reply = step(next, c, what="priming the consumer (next(c))")
        assert reply == "", (f"priming the consumer (next(c)) yielded {reply!r}; expected '' "
                             f"(nothing consumed yet, the seed's `r = ''`)")
        assert events == [], (f"priming the consumer made sink calls {events}; it must only "
                              f"run to its first yield")
        state = inspect.getgeneratorstate(c)
        assert state == inspect.GEN_SUSPENDED, (
            f"after priming, the consumer is {state}; it must wait at its yield "
            f"(GEN_SUSPENDED) for the first item")
    finally:
        dispose(c)


@pytest.mark.points(2)
@pytest.mark.timeout(10)
def test_consumer_writes_each_item_then_replies(exercise):
    items = [3, 1, 4, "five"]
    c, sink, events = feed(exercise, items)
    try:
        check_sequence(events, protocol(items), f"priming the consumer and sending {items}")
        state = inspect.getgeneratorstate(c)
        assert state == inspect.GEN_SUSPENDED and sink.closes == 0, (
            f"after {len(items)} items the consumer is {state} and its sink was closed "
            f"{sink.closes} time(s); it must keep waiting for more (GEN_SUSPENDED)")
    finally:
        dispose(c)


@pytest.mark.points(2)
@pytest.mark.timeout(10)
def test_falsy_items_are_items(exercise):
    items = [1, 0, "", False, [], 0.0, 2]
    c, sink, events = feed(exercise, items)
    try:
        check_sequence(events, protocol(items),
                       f"sending {items} (0, '', False, [] and 0.0 are items, not 'stop')")
    finally:
        dispose(c)


@pytest.mark.points(2)
@pytest.mark.timeout(10)
def test_none_stops_cleanly(exercise):
    items = [7, 0, 8]
    c, sink, events = feed(exercise, items)
    try:
        check_sequence(events, protocol(items), f"priming the consumer and sending {items}")

        def send_none():
            try:
                reply = c.send(None)
            except StopIteration as stop:
                return "stopped", stop.value
            return "replied", reply
        how, value = step(send_none, what="c.send(None)")
        assert how == "stopped", (
            f"c.send(None) yielded {value!r}; None is the stop sentinel: the consumer must "
            f"end (return), which raises StopIteration in the producer")
        assert value == len(items), (
            f"after {len(items)} items, c.send(None) stopped the consumer with StopIteration "
            f"value {value!r}; expected {len(items)}: `return` the number of items written")
        state = inspect.getgeneratorstate(c)
        assert state == inspect.GEN_CLOSED, f"after the stop the consumer is {state}"
        assert sink.closes == 1, (
            f"after c.send(None) the sink was closed {sink.closes} time(s); the consumer must "
            f"close it exactly once however it ends (in `finally:`)")
        assert sink.items == items, f"the sink holds {sink.items}, expected {items}"
    finally:
        dispose(c)


@pytest.mark.points(2)
@pytest.mark.timeout(10)
def test_close_runs_cleanup(exercise):
    items = [5, 0, 6]
    c, sink, events = feed(exercise, items)
    try:
        check_sequence(events, protocol(items), f"priming the consumer and sending {items}")
        step(c.close, what="c.close() after three items")
        state = inspect.getgeneratorstate(c)
        assert state == inspect.GEN_CLOSED, f"after c.close() the consumer is {state}"
        assert sink.closes == 1, (
            f"c.close() left the sink closed {sink.closes} time(s); expected once. close() "
            f"raises GeneratorExit at the consumer's `yield`: code after the loop never runs, "
            f"code in `finally:` does")
        assert sink.items == items, (
            f"after c.close() the sink holds {sink.items}; expected every item sent, {items}")
    finally:
        dispose(c)


# ------------------------------------------------------------------- produce

def recording_consumer(log):
    """The grader's consumer: the protocol, replying 'ack <item>'; logs what happens."""
    log.append("started")
    try:
        item = yield ""
        while item is not None:
            log.append(("got", item))
            item = yield f"ack {item!r}"
        log.append("stopped by None")
    except GeneratorExit:
        log.append("closed")
        raise


def run_produce(exercise, items):
    """produce(grader's consumer, items); (replies, log, generator)."""
    log = []
    c = recording_consumer(log)
    try:
        replies = step(exercise.produce, c, list(items), what=f"produce(c, {items!r})",
                       theirs="produce")
    except BaseException:
        dispose(c)
        raise
    return replies, log, c


def show_log(log):
    return ", ".join(e if isinstance(e, str) else f"got {e[1]!r}" for e in log) or "(nothing)"


@pytest.mark.points(2)
@pytest.mark.timeout(10)
def test_produce_primes_then_sends_each_item(exercise):
    items = [3, "x", 4]
    replies, log, c = run_produce(exercise, items)
    try:
        sent = log[:1 + len(items)]
        want = ["started"] + [("got", item) for item in items]
        assert sent == want, (
            f"produce(c, {items!r}): the consumer saw: {show_log(log)}; expected: "
            f"{show_log(want)}, then a close. Prime it once (next(c) or c.send(None)), then "
            f"send every item, in order")
        expected = [f"ack {item!r}" for item in items]
        assert replies == expected, (
            f"produce(c, {items!r}) returned {replies!r}; the consumer replied {expected!r} to "
            f"the items, in that order. Return the value of each c.send(item), not the reply to "
            f"the priming")
    finally:
        dispose(c)


@pytest.mark.points(2)
@pytest.mark.timeout(10)
def test_produce_closes_the_consumer(exercise):
    items = [1, 2]
    replies, log, c = run_produce(exercise, items)
    try:
        state = inspect.getgeneratorstate(c)
        assert state == inspect.GEN_CLOSED, (
            f"when produce returned, the consumer was {state} (it saw: {show_log(log)}). "
            f"Close it with c.close(): its `finally` runs now, not at some later garbage "
            f"collection")
        assert log[-1] in ("closed", "stopped by None"), (
            f"the consumer saw: {show_log(log)}; it must end with close()")
    finally:
        dispose(c)


@pytest.mark.points(1)
@pytest.mark.timeout(10)
def test_produce_falsy_and_no_items(exercise):
    items = [0, "", False]
    replies, log, c = run_produce(exercise, items)
    dispose(c)
    assert replies == ["ack 0", "ack ''", "ack False"], (
        f"produce(c, {items!r}) returned {replies!r}; expected ['ack 0', \"ack ''\", "
        f"'ack False']: one reply per item, the value of each c.send(item); falsy items are "
        f"items too (the consumer saw: {show_log(log)})")
    replies, log, c = run_produce(exercise, [])
    dispose(c)
    assert replies == [], f"produce(c, []) returned {replies!r}, expected []"
    assert log and log[0] == "started" and log[-1] in ("closed", "stopped by None"), (
        f"produce(c, []): the consumer saw: {show_log(log)}. Prime and close it even with no "
        f"items: closing a generator that never started runs none of its code, so its cleanup "
        f"(`finally`) would never run")


# ---------------------------------------------------------------- together

@pytest.mark.points(1)
@pytest.mark.timeout(10)
def test_pipeline_end_to_end(exercise):
    items = [1, 2, 0, "", 5]
    events = []
    c, sink = new_consumer(exercise, events)
    try:
        replies = step(exercise.produce, c, list(items), what=f"produce(consumer(sink), {items!r})",
                       theirs="both")
        assert replies == [OK] * len(items), (
            f"produce(consumer(sink), {items!r}) returned {replies!r}, expected "
            f"{[OK] * len(items)!r}")
        assert sink.items == items and sink.closes == 1, (
            f"after produce(consumer(sink), {items!r}) the sink holds {sink.items} and was "
            f"closed {sink.closes} time(s); expected every item and one close")
        assert inspect.getgeneratorstate(c) == inspect.GEN_CLOSED
    finally:
        dispose(c)

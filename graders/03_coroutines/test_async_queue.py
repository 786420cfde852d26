"""Hidden grader for async_queue: producers and consumers sharing an asyncio.Queue.

What is graded, and how it is observed:

- ``producer`` and ``consumer`` on their own, with the grader's queue and
  ``handle``: items put in order, a producer that waits for room in a full
  queue, ``task_done()`` once per item *after* it was handled (the grader's
  ``queue.join()`` must return, and only then), a consumer that waits for
  more when the queue is empty, and that ends when cancelled.
- ``run_pipeline`` with the student's own ``producer`` and ``consumer``
  wrapped (:class:`conclab.aio.TaskRecorder`: which task ran each call, from
  when to when) and the grader's ``handle`` recording every item: each item
  handled exactly once and to the end, one shared queue of the given
  ``maxsize``, producers and consumers running at the same time (with a
  bounded queue a producer cannot finish before consumers take items), all
  consumers busy at once (the first items' ``handle`` waits until every
  consumer holds one, or ``HOLD`` seconds), no task left running at return
  (the tasks still running the moment ``run_pipeline`` returns), and no
  item lost when the work takes longer than a guessed sleep.
- a pipeline that stops making progress (no item being handled and nothing
  happening for ``IDLE`` seconds) is cancelled at once and the failure says
  where ``run_pipeline`` was waiting and why it could never go on (``join()``
  with a missing ``task_done``, consumers that are never cancelled, producers
  stuck at a full queue with no consumer), instead of waiting for a timeout.

Every run is in a fresh event loop on a watched helper thread
(:mod:`conclab.loopwatch`): code that blocks the loop fails in half a second
with the line that blocks it.  Timing: items take 3-5 ms, except one slow
item of 0.45 s; the only wall-clock bound (``@timing``) leaves 200 ms.
"""
import asyncio
import itertools
import os
import time

import pytest

from conclab import aio, loopwatch
from conclab.timeline import Interval, max_concurrency, render

LIMIT = 3.0      # s: hard timeout of one run (correct code needs <= 0.5 s)
BLOCKED = 0.5    # s: an event loop that does not turn for this long is blocked
IDLE = 0.5       # s: nothing handled, nothing started for this long = stuck
HOLD = 0.3       # s: how long the first items wait for every consumer to hold one


# --- running the student's code ---------------------------------------------

def run(exercise, fn, what, *args, stall=lambda: None):
    """``fn(*args)`` in a fresh, watched event loop: the Outcome, or a failure that teaches.

    ``stall()`` gives the diagnosis of a run the grader had to stop (or None).
    """
    try:
        out = loopwatch.run(fn, *args, timeout=LIMIT, blocked_after=BLOCKED,
                            path=exercise.path, what=what)
        blocked = None
    except loopwatch.LoopBlocked as exc:
        blocked = exc
    if blocked is not None:
        pytest.fail(str(blocked), pytrace=False)
    if stall() is not None:
        pytest.fail(stall(), pytrace=False)
    if out.error is not None:
        error = out.error
        if isinstance(error, NotImplementedError):
            raise error
        if isinstance(error, RuntimeError) and "different event loop" in str(error):
            pytest.fail(f"{what} raised RuntimeError: {error}.\nAn asyncio.Queue belongs to the "
                        f"first event loop that waits on it.  One created at import time is "
                        f"still tied to an earlier loop (every asyncio.run(), and every test, "
                        f"starts a new one).  Create the queue inside run_pipeline.",
                        pytrace=False)
        if isinstance(error, asyncio.QueueFull):
            pytest.fail(f"{what} raised QueueFull: put_nowait() fails when the queue is full; "
                        f"`await queue.put(item)` waits until a consumer makes room",
                        pytrace=False)
        raise error
    if out.timed_out:
        pytest.fail(f"{what} did not return within {LIMIT:g} s", pytrace=False)
    return out


def waiting_at(task, path):
    """Where ``task`` is suspended: the innermost line of ``path``, and what that line awaits."""
    coro = task.get_coro()
    frames = []
    while coro is not None:
        frame = getattr(coro, "cr_frame", None) or getattr(coro, "gi_frame", None)
        if frame is None:
            break
        frames.append(loopwatch.Frame(frame.f_code.co_filename, frame.f_lineno,
                                      frame.f_code.co_name))
        coro = getattr(coro, "cr_await", None) or getattr(coro, "gi_yieldfrom", None)
    target = os.path.realpath(str(path))
    mine = [i for i, f in enumerate(frames) if os.path.realpath(f.filename) == target]
    if not mine:
        return None, None
    last = mine[-1]
    return frames[last], (frames[last + 1] if last + 1 < len(frames) else None)


class Pipeline:
    """One observed run of ``run_pipeline(batches, handle, consumers, maxsize)``.

    Args:
        delays: seconds ``handle`` takes, per item (default ``delay``).
        gate: the first items' ``handle`` waits until this many are being
            handled at once (at most ``HOLD`` seconds, once).
    """

    def __init__(self, exercise, monkeypatch, batches, consumers=2, maxsize=2, delay=0.003,
                 delays=None, gate=0):
        self.exercise = exercise
        self.batches = batches
        self.consumers = consumers
        self.maxsize = maxsize
        self.delay = delay
        self.delays = delays or {}
        self.gate = gate
        self.gate_open = not gate
        self.expected = [item for batch in batches for item in batch]
        self.handled = []          # dicts: item, task, start, end, how
        self.handling = 0
        self.queues = []           # the queue argument of every producer/consumer call
        self.recorder = aio.TaskRecorder()
        self.stall = None          # the diagnosis, when the run got stuck
        self.returned_at = None
        self.watcher = None
        self._touched = time.monotonic()
        module = exercise.module
        monkeypatch.setattr(module, "producer", self._wrap(exercise.producer, "producer"))
        monkeypatch.setattr(module, "consumer", self._wrap(exercise.consumer, "consumer"))
        self.what = (f"run_pipeline({batches}, handle, consumers={consumers}, maxsize={maxsize})"
                     if len(self.expected) <= 12 else
                     f"run_pipeline({len(batches)} batches of {len(batches[0])} items, handle, "
                     f"consumers={consumers}, maxsize={maxsize})")

    def _wrap(self, fn, kind):
        numbers = itertools.count(1)

        def label(queue=None, *rest, **kwargs):
            self.queues.append(queue)
            self._touched = time.monotonic()
            return f"{kind} {next(numbers)}"
        return self.recorder.wrap(fn, label=label)

    # -- the grader's handle ---------------------------------------------------
    async def handle(self, item):
        task = asyncio.current_task()
        record = {"item": item, "task": task,
                  "start": time.perf_counter(), "end": None, "how": "running"}
        self.handled.append(record)
        self.handling += 1
        self._touched = time.monotonic()
        try:
            if not self.gate_open:
                deadline = time.perf_counter() + HOLD
                while self.handling < self.gate and time.perf_counter() < deadline:
                    await asyncio.sleep(0.002)
                self.gate_open = True
            await asyncio.sleep(self.delays.get(item, self.delay))
            record["how"] = "returned"
        except asyncio.CancelledError:
            record["how"] = "cancelled"
            raise
        finally:
            record["end"] = time.perf_counter()
            self.handling -= 1
            self._touched = time.monotonic()

    # -- the run ---------------------------------------------------------------
    async def _go(self):
        main = asyncio.current_task()
        self._touched = time.monotonic()
        self.watcher = asyncio.create_task(self._watch(main), name="the grader's watchdog")
        try:
            return await self.exercise.run_pipeline(self.batches, self.handle, self.consumers,
                                                    self.maxsize)
        except asyncio.CancelledError:
            if self.stall is None:
                raise
            if hasattr(main, "uncancel"):
                main.uncancel()
            return None
        finally:
            self.returned_at = time.perf_counter()
            self.watcher.cancel()

    async def _watch(self, main):
        while True:
            await asyncio.sleep(0.02)
            if self.handling == 0 and time.monotonic() - self._touched > IDLE:
                self.stall = self._diagnose(main)
                main.cancel()
                return

    def run(self):
        """Run it; fail with a lesson if it raised, hung or got stuck."""
        self.out = run(self.exercise, self._go, self.what, stall=lambda: self.stall)
        return self

    # -- what was observed -----------------------------------------------------
    def done(self):
        return [r["item"] for r in self.handled if r["how"] == "returned"]

    def calls(self, kind):
        return [c for c in self.recorder.calls if c.label.startswith(kind)]

    def left_running(self):
        return [t for t in self.out.left_running if t is not self.watcher]

    def intervals(self):
        """Producer calls, and the items each consumer task handled; unfinished ones until now."""
        now = time.perf_counter()
        names = {c.task: c.label for c in self.recorder.calls if c.label.startswith("consumer")}
        rows = [Interval(c.label, c.start, c.end if c.end is not None else now)
                for c in self.recorder.calls if c.label.startswith("producer")]
        rows += [Interval(names.get(r["task"], r["task"].get_name() if r["task"] else "?"),
                          r["start"], r["end"] if r["end"] is not None else now, str(r["item"]))
                 for r in self.handled]
        return rows

    def timeline(self):
        return ("What ran when (a producer's row spans its whole call, a consumer's row the "
                "items it was handling):\n" + render(self.intervals()))

    def _diagnose(self, main):
        done = self.done()
        where, inner = waiting_at(main, self.exercise.path)
        at = f" at {where.describe()}" if where else ""
        if inner is not None:
            at += f" (in {inner.function}() of {os.path.basename(inner.filename)})"
        queues = {id(q): q for q in self.queues if isinstance(q, asyncio.Queue)}
        unfinished = [getattr(q, "_unfinished_tasks", 0) for q in queues.values()]
        producers = [c for c in self.calls("producer") if c.how == "running"]
        consumers = [c for c in self.calls("consumer") if c.how == "running"]
        head = (f"{self.what} got stuck: {len(done)} of {len(self.expected)} items had been "
                f"handled, and for {IDLE:g} s nothing happened while run_pipeline was "
                f"waiting{at}.  ")
        if len(done) >= len(self.expected) and any(unfinished):
            why = (f"Every item was handled, but the queue still counts {sum(unfinished)} "
                   f"unfinished item(s), so queue.join() never returns: it waits until "
                   f"task_done() has been called once for every item put.  Call "
                   f"queue.task_done() in the consumer after handling each item.")
        elif len(done) >= len(self.expected) and consumers:
            why = (f"Every item was handled, but {len(consumers)} consumer(s) were still "
                   f"running: a consumer waits for the next item forever, so waiting for the "
                   f"consumers to end never returns.  Wait for queue.join() instead, then "
                   f"cancel the consumers and await them (or put one sentinel per consumer "
                   f"and make the consumer return when it takes one).")
        elif len(done) >= len(self.expected):
            why = ("Every item was handled, but run_pipeline did not return: return as soon as "
                   "the work is done (await queue.join()), not after a guessed sleep.")
        elif producers and not consumers:
            why = (f"{len(producers)} producer(s) were waiting to put into a full queue, and "
                   f"no consumer was running to take items out.  "
                   + ("The consumers had already returned: a consumer must wait at `await "
                      "queue.get()` while the queue is empty, an empty queue does not mean "
                      "the producers are done."
                      if self.calls("consumer") else
                      "Start the consumer tasks before you wait for the producers."))
        elif not consumers and self.calls("consumer"):
            why = ("The consumers had returned or crashed while items were still to come: a "
                   "consumer must keep waiting at `await queue.get()` until it is cancelled.")
        else:
            why = "Look at what run_pipeline waits for there: it never happens."
        return head + why + "\n" + self.timeline()


# --- producer and consumer on their own ----------------------------------------

@pytest.mark.points(1)
@pytest.mark.timeout(10)
def test_producer_puts_items_in_order(exercise):
    items = ["a", "b", "c", "d"]

    async def scenario():
        queue = asyncio.Queue(maxsize=1)
        taken = []

        async def take():
            while True:
                taken.append(await queue.get())
                await asyncio.sleep(0.002)
        taker = asyncio.create_task(take())
        try:
            await exercise.producer(queue, items)
            await asyncio.sleep(0.02)
        finally:
            taker.cancel()
        return taken + [queue.get_nowait() for _ in range(queue.qsize())]

    got = run(exercise, scenario, f"producer(queue of maxsize 1, {items})").value
    assert got == items, (
        f"producer(queue, {items}) put {got} into a queue of maxsize 1 (that a consumer "
        f"emptied); expected {items}: every item, once, in order")


@pytest.mark.points(2)
@pytest.mark.timeout(10)
def test_consumer_marks_items_done(exercise):
    async def scenario():
        queue = asyncio.Queue()
        handled, finished = [], []
        report = {}

        async def handle(item):
            handled.append(item)
            await asyncio.sleep(0.005)
            finished.append(item)

        for item in ["a", "b", "c"]:
            queue.put_nowait(item)
        worker = asyncio.create_task(exercise.consumer(queue, handle))
        joined = asyncio.create_task(queue.join())
        await asyncio.wait({worker, joined}, timeout=0.5, return_when=asyncio.FIRST_COMPLETED)
        if worker.done() and not worker.cancelled() and worker.exception() is not None:
            joined.cancel()
            raise worker.exception()     # e.g. NotImplementedError, or a bug in the consumer
        report["joined"] = joined.done()
        report["finished_at_join"] = list(finished)
        joined.cancel()
        report["unfinished"] = getattr(queue, "_unfinished_tasks", None)
        await asyncio.sleep(0.03)            # the queue is empty now: the consumer must wait
        report["alive_when_empty"] = not worker.done()
        if report["alive_when_empty"] and report["joined"]:
            queue.put_nowait("d")            # a late item must still be taken
            try:
                await asyncio.wait_for(queue.join(), 1.0)
            except asyncio.TimeoutError:
                pass
        worker.cancel()
        await asyncio.wait({worker}, timeout=0.5)
        report["ends_when_cancelled"] = worker.done()
        report["handled"] = handled
        return report

    r = run(exercise, scenario, "consumer(queue holding 'a', 'b', 'c', handle)").value
    assert r["handled"][:3] == ["a", "b", "c"], (
        f"consumer(queue, handle) on a queue holding 'a', 'b', 'c' handled {r['handled']}; "
        f"expected each item once, in order: take one with `await queue.get()`, then "
        f"`await handle(item)`")
    assert r["joined"], (
        f"the consumer handled {r['handled']}, but queue.join() still waited after 0.5 s: the "
        f"queue counted {r['unfinished']} unfinished item(s).  join() returns once "
        f"task_done() has been called for every item taken: call queue.task_done() once per "
        f"item, after handle(item)")
    assert r["finished_at_join"] == ["a", "b", "c"], (
        f"queue.join() returned when only {r['finished_at_join']} had been handled to the end: "
        f"call queue.task_done() after `await handle(item)`, not before, or join() tells "
        f"run_pipeline the work is done while an item is still being handled")
    assert r["alive_when_empty"], (
        "the consumer returned as soon as the queue was empty: it must keep waiting at "
        "`await queue.get()` (`while True:`); an empty queue does not mean the producers are done")
    assert r["handled"] == ["a", "b", "c", "d"], (
        f"an item put after the queue had been empty was not handled (handled: {r['handled']})")
    assert r["ends_when_cancelled"], (
        "the consumer did not end when it was cancelled: do not catch CancelledError (or "
        "re-raise it); run_pipeline stops its consumers by cancelling them")


# --- run_pipeline ---------------------------------------------------------------

BATCHES = [[100 + i for i in range(8)], [200 + i for i in range(8)], [300 + i for i in range(8)]]


@pytest.mark.points(3)
@pytest.mark.timeout(10)
def test_every_item_handled_once(exercise, monkeypatch):
    p = Pipeline(exercise, monkeypatch, BATCHES, consumers=2, maxsize=2).run()
    done = p.done()
    cancelled = [r["item"] for r in p.handled if r["how"] == "cancelled"]
    lost = [i for i in p.expected if i not in done]
    twice = sorted({i for i in done if done.count(i) > 1})
    extra = sorted({repr(i) for i in done if i not in p.expected})
    problems = []
    if lost:
        problems.append(f"{len(lost)} item(s) were never handled to the end: {lost[:10]}"
                        + (f" ({cancelled} were cancelled while being handled)" if cancelled
                           else ""))
    if twice:
        problems.append(f"these were handled more than once: {twice[:10]}: every item must go "
                        f"to exactly one consumer, through one shared queue")
    if extra:
        problems.append(f"handle got items that no producer put: {extra[:5]}")
    if problems:
        hint = ""
        if lost and not p.calls("producer"):
            hint = ("\nNo producer had even started when run_pipeline returned: queue.join() "
                    "returns at once while nothing has been put yet.  Wait for the producers "
                    "to finish first, then for queue.join().")
        elif lost:
            hint = ("\nrun_pipeline must return only once every item has been handled: wait for "
                    "the producers, then `await queue.join()`, and only then cancel the "
                    "consumers.  Cancelling them earlier (or after a fixed sleep) throws away "
                    "what is still queued or being handled.")
        pytest.fail(f"{p.what}: " + "; ".join(problems) + "." + hint + "\n" + p.timeline(),
                    pytrace=False)


@pytest.mark.points(2)
@pytest.mark.timeout(10)
def test_no_task_left_running(exercise, monkeypatch):
    p = Pipeline(exercise, monkeypatch, [[1, 2, 3, 4], [5, 6, 7, 8]], consumers=3, maxsize=2).run()
    left = p.left_running()
    if not left:
        return
    known = {c.task: c.label for c in p.recorder.calls}
    lines = []
    for task in left:
        name = known.get(task) or f"a task running {getattr(task.get_coro(), '__qualname__', '?')}"
        if task in p.out.left_cancelling:
            lines.append(f"{name}: cancel() was called, but it had not ended yet")
        else:
            lines.append(f"{name}: never cancelled")
    pytest.fail(f"when {p.what} returned, {len(left)} task(s) it started were still running: "
                + "; ".join(lines) + ".  A consumer waits for items forever: after queue.join(), "
                "cancel every consumer and then await them (asyncio.gather(*consumers, "
                "return_exceptions=True)) -- cancel() only asks.", pytrace=False)


@pytest.mark.points(2)
@pytest.mark.timeout(10)
def test_consumers_work_at_the_same_time(exercise, monkeypatch):
    batches = [[1, 2, 3, 4, 5, 6], [7, 8, 9, 10, 11, 12]]
    p = Pipeline(exercise, monkeypatch, batches, consumers=3, maxsize=2, gate=3).run()
    rows = [Interval(str(id(r["task"])), r["start"], r["end"] or r["start"]) for r in p.handled]
    at_once = max_concurrency(rows)
    tasks = {r["task"] for r in p.handled}
    assert at_once == 3 and len(tasks) >= 3, (
        f"{p.what}: at most {at_once} item(s) were handled at the same time, by "
        f"{len(tasks)} task(s), although the first ones waited up to {HOLD:g} s for 3 to be "
        f"in hand at once.  Start `consumers` consumer tasks (asyncio.create_task), all "
        f"taking from the same queue.\n{p.timeline()}")


@pytest.mark.points(2)
@pytest.mark.timeout(10)
def test_producers_and_consumers_run_at_the_same_time(exercise, monkeypatch):
    batches = [[100 + i for i in range(8)], [200 + i for i in range(8)]]
    p = Pipeline(exercise, monkeypatch, batches, consumers=2, maxsize=2).run()
    producers = [c.interval for c in p.calls("producer")]
    assert len(producers) == len(batches), (
        f"{p.what} called producer {len(producers)} time(s); expected once per batch")
    last_put = max(iv.end for iv in producers)
    early = [r["item"] for r in p.handled if r["start"] < last_put]
    if not early:
        sizes = {q.maxsize for q in p.queues if isinstance(q, asyncio.Queue)}
        why = ("Start the consumer tasks first, so that they work while the producers produce "
               "(with a bounded queue, producers that run alone stop at the first full queue "
               "for good).")
        if sizes and not sizes & {2}:
            why = (f"Your queue had maxsize={min(sizes)}"
                   f"{' (no limit)' if min(sizes) <= 0 else ''}, not 2: put() into a queue that is not "
                   f"full never waits, so each producer ran to its end without letting any "
                   f"other task run.  Create asyncio.Queue(maxsize).")
        pytest.fail(f"{p.what}: no item was handled before the producers had finished.  {why}\n"
                    f"{p.timeline()}", pytrace=False)
    together = max_concurrency(producers)
    assert together == len(batches), (
        f"{p.what}: the {len(batches)} producers ran one after another (at most {together} at "
        f"once); run them all at the same time, as tasks (asyncio.gather(*(producer(queue, b) "
        f"for b in batches))).\n{p.timeline()}")


@pytest.mark.points(1)
@pytest.mark.timeout(10)
def test_queue_is_bounded(exercise, monkeypatch):
    p = Pipeline(exercise, monkeypatch, [[1, 2, 3], [4, 5, 6]], consumers=2, maxsize=3).run()
    queues = {id(q): q for q in p.queues}
    assert len(queues) == 1, (
        f"{p.what} gave its producers and consumers {len(queues)} different queues; they "
        f"must all share one queue, so that each item is taken by exactly one consumer")
    [queue] = queues.values()
    assert isinstance(queue, asyncio.Queue) and queue.maxsize == 3, (
        f"{p.what} used {queue!r}; expected an asyncio.Queue(maxsize=3): the queue's "
        f"capacity is the maxsize argument (a bounded queue makes producers wait for the "
        f"consumers instead of piling up items)")


@pytest.mark.points(1)
@pytest.mark.timeout(10)
def test_slow_items_are_not_lost(exercise, monkeypatch):
    batches = [[1, 2, 3], [4, 5, 6]]
    p = Pipeline(exercise, monkeypatch, batches, consumers=2, maxsize=2, delays={6: 0.45}).run()
    done = p.done()
    lost = [i for i in p.expected if i not in done]
    assert not lost, (
        f"{p.what}, where handling item 6 takes 0.45 s: item(s) {lost} were not handled to the "
        f"end ({[r['item'] for r in p.handled if r['how'] == 'cancelled']} cancelled while "
        f"being handled).  A fixed sleep before cancelling the consumers only guesses how "
        f"long the work takes; `await queue.join()` knows.\n{p.timeline()}")


@pytest.mark.points(1)
@pytest.mark.timeout(10)
@pytest.mark.timing
def test_returns_when_the_work_is_done(exercise, monkeypatch):
    p = Pipeline(exercise, monkeypatch, [[1, 2, 3], [4, 5, 6]], consumers=2, maxsize=2,
                 delay=0.005).run()
    ends = [r["end"] for r in p.handled if r["end"] is not None]
    assert ends, f"{p.what} handled no item"
    late = p.returned_at - max(ends)
    assert late < 0.2, (
        f"{p.what}: the last item was handled after {(max(ends) - p.handled[0]['start']) * 1000:.0f}"
        f" ms, but run_pipeline returned {late * 1000:.0f} ms later.  Return as soon as the work "
        f"is done (`await queue.join()`), not after a guessed sleep")

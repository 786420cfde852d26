"""Hidden grader for atomic_counter: ``n += 1`` under ``dis``, a lock, a thread-safe counter.

What is graded, and how it is observed:

- ``read_modify_write`` is run on functions of the grader's own, of several
  shapes (a global, an attribute, a nonlocal, ``-=``, a function where
  another variable is loaded first).  The expected opnames depend on the
  Python version: they are pinned for 3.10-3.13 (3.10 has ``INPLACE_ADD``,
  3.11+ ``BINARY_OP``) and worked out from ``dis`` on any other version.
- ``foo`` holds the module's ``lock``: while the grader holds that lock, a
  call of ``foo`` must wait, and go on as soon as it is released.
- No update or count is lost: the student's file runs in a fresh process
  with thread switches forced at random bytecodes of that file
  (:mod:`conclab.chaos`) -- CPython 3.10+ would otherwise almost never
  switch inside ``n += 1``, and code with no lock would pass.  The threads
  are started by a driver the grader appends to a copy of the file (so the
  file's own ``run_foo`` cannot make them run one at a time), and every
  ``increment()`` return value is checked too, not only the final count.
- ``AtomicCounter`` counts, starts where asked, and two counters are
  independent.

Concurrency:
    In-process calls of the student's code run on a helper thread with a
    deadline (:func:`conclab.interleave.call_with_timeout`).
"""
import dis
import sys
import threading

import pytest

from conclab import chaos
from conclab.interleave import StillRunning, call_with_timeout, run_threads

THREADS = 4            # threads per forced-switch round
TIMES = 250            # increments per thread and round
ROUNDS = 3             # exact counts needed in each round
CHAOS_TIMEOUT = 6.0    # s for all rounds; a correct file needs ~0.3-0.8 s
CALL_TIMEOUT = 2.0     # s for one in-process call (a correct one takes microseconds)
BLOCKED_FOR = 0.5      # s foo() must stay blocked while the grader holds `lock`


# --- functions the grader disassembles ------------------------------------------

n = 0
total = 0


def seed_foo():
    global n
    n += 1


def take_one():
    global n
    n -= 1


class Box:
    def __init__(self):
        self.value = 0
        self.count = 0

    def add(self, by):
        self.value += by

    def tally(self):
        global total
        self.count += 1
        total += self.count


def make_inc():
    c = 0

    def inc():
        nonlocal c
        c += 1
        return c

    return inc


SEED = ("LOAD_GLOBAL", "INPLACE_ADD", "STORE_GLOBAL")   # 3.10
SEED_311 = ("LOAD_GLOBAL", "BINARY_OP", "STORE_GLOBAL")  # 3.11, 3.12, 3.13
PINNED = {  # (function, name) -> opnames, for the versions this course was tested on
    (3, 10): {("seed_foo", "n"): SEED,
              ("take_one", "n"): ("LOAD_GLOBAL", "INPLACE_SUBTRACT", "STORE_GLOBAL"),
              ("add", "value"): ("LOAD_ATTR", "INPLACE_ADD", "STORE_ATTR"),
              ("inc", "c"): ("LOAD_DEREF", "INPLACE_ADD", "STORE_DEREF"),
              ("tally", "total"): SEED,
              ("tally", "count"): ("LOAD_ATTR", "INPLACE_ADD", "STORE_ATTR")},
}
for _version in [(3, 11), (3, 12), (3, 13)]:
    PINNED[_version] = {("seed_foo", "n"): SEED_311,
                        ("take_one", "n"): SEED_311,
                        ("add", "value"): ("LOAD_ATTR", "BINARY_OP", "STORE_ATTR"),
                        ("inc", "c"): ("LOAD_DEREF", "BINARY_OP", "STORE_DEREF"),
                        ("tally", "total"): SEED_311,
                        ("tally", "count"): ("LOAD_ATTR", "BINARY_OP", "STORE_ATTR")}


def worked_out(func, name):
    """The (read, modify, write) opnames from ``dis``, by the rules of the contract."""
    found = []
    for ins in dis.get_instructions(func):
        if not found and ins.opname.startswith("LOAD") and ins.argval == name:
            found.append(ins.opname)
        elif len(found) == 1 and ins.opname.startswith(("BINARY_", "INPLACE_")):
            found.append(ins.opname)
        elif len(found) == 2 and ins.opname.startswith("STORE") and ins.argval == name:
            return tuple(found + [ins.opname])
    raise LookupError(f"the grader found no read-modify-write of {name!r} in {func.__name__}")


def expected(func, name):
    pinned = PINNED.get(sys.version_info[:2])
    return pinned[(func.__name__, name)] if pinned else worked_out(func, name)


def listing(func):
    """What ``dis.dis(func)`` prints, for the failure message."""
    lines = []
    for ins in dis.get_instructions(func):
        if ins.opname in ("RESUME", "CACHE", "NOP", "COPY_FREE_VARS"):
            continue
        arg = f" {ins.argrepr}" if ins.argrepr else ""
        lines.append(f"    {ins.offset:>4} {ins.opname}{arg}")
    return "\n".join(lines)


def check_read_modify_write(exercise, func, name, source):
    want = expected(func, name)
    shown = f"read_modify_write({func.__name__}, {name!r})"
    try:
        got = call_with_timeout(exercise.read_modify_write, func, name, timeout=CALL_TIMEOUT,
                                name="read_modify_write")
    except (NotImplementedError, StillRunning):
        raise
    except Exception as exc:  # noqa: BLE001 - explained
        pytest.fail(f"{shown} raised {type(exc).__name__}: {exc}\nfor\n{source}\nwhose "
                    f"instructions are (Python {sys.version.split()[0]}):\n{listing(func)}\n"
                    f"expected {want}", pytrace=False)
    ok = isinstance(got, (tuple, list)) and tuple(got) == want
    assert ok, (
        f"{shown} returned {got!r}; expected {want} for\n{source}\nwhose instructions are "
        f"(Python {sys.version.split()[0]}):\n{listing(func)}\n"
        f"The read is the first LOAD... of {name!r} (its argval), the modify the first BINARY_... "
        f"or INPLACE_... after it, the write the first STORE... of {name!r} after that. Match "
        f"the name, not the position, and do not hard-code opnames: they change between "
        f"Python versions (INPLACE_ADD on 3.10, BINARY_OP from 3.11).")


# --- dis ------------------------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.timeout(10)
def test_read_modify_write_of_the_seed_foo(exercise):
    check_read_modify_write(exercise, seed_foo, "n",
                            "    def foo():\n        global n\n        n += 1")


SHAPES = [
    (take_one, "n", "    def take_one():\n        global n\n        n -= 1"),
    (Box.add, "value", "    def add(self, by):\n        self.value += by"),
    (make_inc(), "c", "    def inc():\n        nonlocal c\n        c += 1\n        return c"),
    (Box.tally, "total", "    def tally(self):\n        global total\n        self.count += 1\n"
                         "        total += self.count"),
    (Box.tally, "count", "    def tally(self):\n        global total\n        self.count += 1\n"
                         "        total += self.count"),
]


@pytest.mark.points(2)
@pytest.mark.timeout(10)
def test_read_modify_write_finds_the_named_variable(exercise):
    for func, name, source in SHAPES:
        check_read_modify_write(exercise, func, name, source)


# --- foo and the module's lock -----------------------------------------------------

@pytest.mark.points(1)
@pytest.mark.timeout(10)
def test_foo_holds_the_module_lock(exercise, monkeypatch):
    module = exercise.module
    exercise.foo  # a missing foo fails here, with its lesson
    monkeypatch.setattr(module, "n", 10)
    assert isinstance(getattr(module, "lock", None), type(threading.Lock())), (
        "the module-level `lock = threading.Lock()` is gone: keep it, foo() must use it")
    with module.lock:
        [early] = run_threads(module.foo, [()], ["grader-foo"], timeout=BLOCKED_FOR)
        ran_while_held = early.finished
    if early.thread is not None:
        early.thread.join(CALL_TIMEOUT)
    if isinstance(early.error, NotImplementedError):
        raise early.error
    assert not ran_while_held, (
        f"foo() returned while the grader was holding the module's `lock` (n went from 10 to "
        f"{module.n!r}): it does not take that lock. Every thread must use the same lock: "
        f"`with lock:` around `n += 1`, inside foo -- not `with threading.Lock():`, which "
        f"makes a new lock on every call, and not at module level, where the seed's "
        f"mis-indented `with lock:` ran only once, at import.")
    assert early.finished, (
        f"foo() was still waiting {CALL_TIMEOUT:g} s after the grader released `lock`: it "
        f"never gets the lock (does it acquire it twice, or never release it?)")
    if early.error is not None:
        raise early.error
    assert module.n == 11, (
        f"foo() changed n from 10 to {module.n!r}; it must add exactly 1 (`n += 1`, with "
        f"`global n` so that it changes the module's n)")


DRIVER = '''

# --- appended by the grader: threads that call foo / increment all at once ---
def _grader_drive_foo(threads, times):
    import threading as _threading
    global n
    n = 0
    start = _threading.Barrier(threads, timeout=2)

    def body():
        start.wait()
        for _ in range(times):
            foo()

    workers = [_threading.Thread(target=body) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return n


def _grader_drive_counter(threads, times):
    import threading as _threading
    counter = AtomicCounter()
    start = _threading.Barrier(threads, timeout=2)
    returned = [[] for _ in range(threads)]

    def body(mine):
        start.wait()
        for _ in range(times):
            mine.append(counter.increment())

    workers = [_threading.Thread(target=body, args=(r,)) for r in returned]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    values = sorted(v for mine in returned for v in mine if isinstance(v, int))
    return {"value": counter.value if isinstance(counter.value, int) else repr(counter.value),
            "returned": [repr(mine[0]) for mine in returned if mine][:1],
            "ints": len(values),
            "distinct": len(set(values)),
            "exact": values == list(range(1, threads * times + 1))}
'''


def driven_copy(exercise, tmp_path):
    """A copy of the student's file with the grader's thread drivers appended."""
    path = tmp_path / exercise.path.name
    path.write_text(exercise.path.read_text(encoding="utf-8") + DRIVER, encoding="utf-8")
    return path


def try_once(exercise, monkeypatch, driver):
    """One plain call first, in this process: a stub or a crash says so here, not as lost counts."""
    monkeypatch.setattr(exercise.module, "n", 0)
    if driver == "_grader_drive_foo":
        call, shown = (lambda: exercise.foo()), "foo()"
    else:
        call, shown = (lambda: exercise.AtomicCounter().increment()), "AtomicCounter().increment()"
    try:
        call_with_timeout(call, timeout=CALL_TIMEOUT, name=shown.split("(")[0])
    except StillRunning:
        pytest.fail(f"{shown}, called once with no other thread around, did not return within "
                    f"{CALL_TIMEOUT:g} s: it waits for a lock it already holds (a plain Lock "
                    f"acquired twice) or one that was never released", pytrace=False)


def forced(exercise, tmp_path, monkeypatch, driver, seed):
    try_once(exercise, monkeypatch, driver)
    result = chaos.run(driven_copy(exercise, tmp_path), driver, [THREADS, TIMES],
                       rounds=ROUNDS, seed=seed, timeout=CHAOS_TIMEOUT, module=exercise.slug)
    what = "foo()" if driver == "_grader_drive_foo" else "AtomicCounter().increment()"
    problem = result.failure(f"{THREADS} threads each calling {what} {TIMES} times",
                             CHAOS_TIMEOUT)
    if problem:
        pytest.fail(problem, pytrace=False)
    assert result.switches > 0 or not result.gil, (
        "the grader could not force thread switches in your file (is a debugger or coverage "
        "tool tracing it?); run the grader again without it")
    return result.values


@pytest.mark.points(3)
@pytest.mark.timeout(CHAOS_TIMEOUT + 10)
def test_foo_loses_no_update(exercise, tmp_path, monkeypatch):
    values = forced(exercise, tmp_path, monkeypatch, "_grader_drive_foo", seed=1)
    want = THREADS * TIMES
    assert all(v == want for v in values), (
        f"with thread switches forced inside your file, {THREADS} threads each calling foo() "
        f"{TIMES} times left n at {', '.join(map(str, values))} in {len(values)} rounds; "
        f"expected {want} every time.\n"
        + ("n stayed at 0: foo() does not add to the module's n (the seed's mis-indented "
           "`with lock:` left foo with nothing but `global n`). " if set(values) == {0} else
           "Updates were lost: a thread read n, another thread changed it, and the first wrote "
           "back a value computed from the old one. ")
        + "Put `with lock:` inside foo, around `n += 1`.")


@pytest.mark.points(3)
@pytest.mark.timeout(CHAOS_TIMEOUT + 10)
def test_counter_loses_no_count(exercise, tmp_path, monkeypatch):
    rounds = forced(exercise, tmp_path, monkeypatch, "_grader_drive_counter", seed=7)
    want = THREADS * TIMES
    for got in rounds:
        if not isinstance(got, dict):
            pytest.fail(f"the grader's driver could not run your counter: {got!r}",
                        pytrace=False)
        assert got["value"] == want, (
            f"with thread switches forced inside your file, {THREADS} threads each calling "
            f"increment() {TIMES} times on one AtomicCounter left its value at {got['value']!r}; "
            f"expected {want}. Counts were lost: `self._value += by` is a read, an addition "
            f"and a write; hold the counter's lock (created once, in __init__) around all of it.")
        assert got["exact"], (
            f"the final count was right, but the {want} increment() calls returned "
            f"{got['ints']} ints, only {got['distinct']} of them different (e.g. "
            f"{got['returned'] and got['returned'][0]}); expected each of 1..{want} exactly once.\n"
            f"increment() must return the value right after its own addition: read it while "
            f"still holding the lock (`return self._value` inside the `with` block). Read "
            f"after releasing the lock, another thread may already have added its own.")


# --- the counter itself -------------------------------------------------------------

def step(call, shown):
    """``call()`` with a deadline: a counter that waits for its own lock fails, not hangs."""
    try:
        return call_with_timeout(call, timeout=CALL_TIMEOUT, name="AtomicCounter")
    except StillRunning:
        pytest.fail(f"{shown} did not return within {CALL_TIMEOUT:g} s: is it waiting for a "
                    f"lock that it already holds (a plain Lock taken twice), or that was never "
                    f"released?", pytrace=False)


@pytest.mark.points(1)
@pytest.mark.timeout(10)
def test_counter_counts(exercise):
    c = step(lambda: exercise.AtomicCounter(), "AtomicCounter()")
    first = step(lambda: c.increment(), "c.increment()")
    second = step(lambda: c.increment(5), "c.increment(5)")
    value = step(lambda: c.value, "c.value")
    assert (first, second, value) == (1, 6, 6), (
        f"c = AtomicCounter(); c.increment() returned {first!r}, then c.increment(5) returned "
        f"{second!r}, then c.value was {value!r}; expected 1, 6 and 6: increment(by=1) adds "
        f"`by` and returns the new value; `value` (a property: no parentheses) reads it")
    start = step(lambda: exercise.AtomicCounter(10), "AtomicCounter(10)")
    value = step(lambda: start.value, "AtomicCounter(10).value")
    after = step(lambda: start.increment(), "AtomicCounter(10).increment()")
    assert (value, after) == (10, 11), (
        f"AtomicCounter(10).value was {value!r} and its increment() returned {after!r}; "
        f"expected 10 and 11: the counter starts at the value it is given")


@pytest.mark.points(1)
@pytest.mark.timeout(10)
def test_counters_are_independent(exercise):
    a = step(lambda: exercise.AtomicCounter(), "AtomicCounter()")
    b = step(lambda: exercise.AtomicCounter(100), "AtomicCounter(100)")
    for _ in range(3):
        step(lambda: a.increment(), "a.increment()")
    step(lambda: b.increment(2), "b.increment(2)")
    got = (step(lambda: a.value, "a.value"), step(lambda: b.value, "b.value"))
    assert got == (3, 102), (
        f"after 3 increments of a = AtomicCounter() and increment(2) of b = "
        f"AtomicCounter(100), a.value and b.value were {got}; expected (3, 102).\n"
        f"Each counter keeps its own count, in an attribute of the instance (`self._value`), "
        f"not in a module global or a class attribute shared by every counter.")

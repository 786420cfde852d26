"""Hidden grader for shared_counter: a ``Value`` and an ``Array`` in shared memory.

What is graded, and how it is observed rather than hoped for:

- **no lost update** (``add``): the grader itself starts 2 processes running
  the student's ``add`` on one counter, under fork, forkserver and spawn.
  Left alone, a lock-less ``counter.value += n`` loses updates only when the
  scheduler happens to interrupt it between the read and the write: measured
  here, 2 processes needed ~100,000 increments each (~70 ms per run) to lose
  some in 30/30 runs on one core, 10,000 on two idle cores (see
  ``conclab/slowvalue.py`` for the table).  So the race is *forced*: the
  counter is a :class:`conclab.slowvalue.SlowValue`, whose reads pause a few
  microseconds right after reading and whose writes pause right before
  writing, and both processes start together at a rendezvous
  (:class:`conclab.spy.Spy`).  A lock-less ``add``, or one that locks only
  the read, then lost updates in 55/55 runs on one core and on two, on a
  loaded machine; a locked one never does.  A round in which the two adds
  did not run at the same time (one process got going only after the other
  had finished, on a very busy machine) proves nothing and is run again, up
  to ``ATTEMPTS`` times.  Under spawn and forkserver every child imports the
  student's file again, so a lock made at module level is a different lock
  in each child: that is caught there, not under fork.
- ``count_together`` and ``squares_together`` give exact results under every
  start method (the ``Value``/``Array`` must reach the children as
  ``Process`` arguments);
- one process per amount / per slice, all running at the same time: the
  student's ``add`` and ``fill_squares`` are wrapped by a spy that records
  each call's process and arguments and waits until every process has
  started one (start method "fork");
- every process is joined before the result is read: the spy pauses after
  the real call, so a parent that does not wait returns too early, always;
- the slices of the array are disjoint and cover it, one per process.

Holding the lock around the whole loop (the seed's version) is correct and
gets full marks: the count is exact, and the processes still run at once.

Concurrency:
    Calls of the student's functions run on a helper thread with a deadline
    (:func:`conclab.interleave.call_with_timeout`); processes the grader
    starts are joined with a deadline and killed after it.  Once a call got
    stuck, later tests fail at once instead of each waiting for its deadline.
"""
import multiprocessing
import os
import time

import pytest

from conclab import reap
from conclab.interleave import StillRunning, call_with_timeout
from conclab.slowvalue import SlowValue
from conclab.spy import SpyLog
from conclab.timeline import render
from conclab.startmethods import METHODS
from conclab.startmethods import fork, start_method  # noqa: F401 (fixtures)

AMOUNTS = [1, 3]          # the seed's two processes, adding 1 and 3
TIMES = 100               # per process and round; 10 already lose updates every time
ROUNDS = {"fork": 2, "forkserver": 1, "spawn": 1}   # rounds in which both adds ran at once
ATTEMPTS = 4              # per start method: a round whose adds did not overlap is run again
ADD_TIMEOUT = 5.0         # seconds for one forced round (correct: 30-250 ms)
CALL_TIMEOUT = 5.0        # seconds for one call of the student's code (correct: < 0.5 s)
MEET_TIMEOUT = 2.0        # how long a process waits for the others to have started

_stuck: dict = {}         # submission file -> the test in which its code never returned


# --- calling the student's code ---------------------------------------------

def _current_test() -> str:
    return os.environ.get("PYTEST_CURRENT_TEST", "an earlier test").split("::")[-1].split(" ")[0]


def call(exercise, func, *args):
    """``exercise.<func>(*args)`` with a deadline; a hang fails the test with a lesson."""
    fn = getattr(exercise, func)
    if exercise.path in _stuck:
        pytest.fail(f"not run: your code got stuck in {_stuck[exercise.path]}; fix that first",
                    pytrace=False)
    try:
        return call_with_timeout(fn, *args, timeout=CALL_TIMEOUT, name=func)
    except StillRunning:
        _stuck[exercise.path] = _current_test()
        pytest.fail(f"{func}{args!r} did not return within {CALL_TIMEOUT:g} s.\n"
                    f"Is a process waiting for a lock that is never released? A Value made with "
                    f"a plain `Lock()` deadlocks when you hold `get_lock()` and then read "
                    f"`.value` (which takes the same lock again); the default RLock does not. "
                    f"Or does `join()` wait for a process that never ends?", pytrace=False)


def spied(exercise, monkeypatch, log, name, **options):
    """Put a spy on the student's ``name`` in the module, where their code looks it up."""
    getattr(exercise, name)  # a missing function gives its lesson here
    spy = log.spy(exercise.slug, name, meet_timeout=MEET_TIMEOUT, **options)
    monkeypatch.setattr(exercise.module, name, spy)
    return spy


def raised_in_child(calls, name):
    """Fail with a lesson when the student's function raised in a child process."""
    for c in calls:
        if c.error is None:
            continue
        if c.error.startswith("NotImplementedError"):
            pytest.fail(f"{name}() is not implemented yet: replace its "
                        f"`raise NotImplementedError` with your code", pytrace=False)
        pytest.fail(f"{name}({', '.join(f'{k}={v}' for k, v in c.args.items())}) raised "
                    f"{c.error} in child process {c.pid}.", pytrace=False)


# --- the race, forced ---------------------------------------------------------

def forced_round(exercise, method, folder):
    """2 processes of our own run the student's ``add`` on one SlowValue, started together.

    Returns (final value, calls recorded, processes that had to be killed).
    """
    ctx = multiprocessing.get_context(method)
    log = SpyLog(folder)
    spy = log.spy(exercise.slug, "add", meet=len(AMOUNTS), meet_timeout=MEET_TIMEOUT)
    counter = SlowValue(ctx.Value("i", 0))
    procs = [ctx.Process(target=spy, args=(counter, n, TIMES), name=f"conclab-adder-{n}")
             for n in AMOUNTS]
    for p in procs:
        p.start()
    deadline = time.monotonic() + ADD_TIMEOUT
    for p in procs:
        p.join(max(0.0, deadline - time.monotonic()))
    stuck = [p for p in procs if p.is_alive()]
    for p in stuck:
        p.kill()
        p.join()
    return counter.real_value, log.calls(), stuck


@pytest.mark.points(4)
@pytest.mark.timeout(30)
def test_no_update_is_lost(exercise, tmp_path):
    getattr(exercise, "add")
    want = sum(AMOUNTS) * TIMES
    shown = f"add(counter, n, {TIMES}) for n in {AMOUNTS}"
    seen = {}
    for method in METHODS:
        if method not in multiprocessing.get_all_start_methods():
            continue
        conclusive = 0
        for attempt in range(ATTEMPTS):
            value, calls, stuck = forced_round(exercise, method, tmp_path / f"{method}-{attempt}")
            raised_in_child(calls, "add")
            if stuck:
                pytest.fail(f"under the {method!r} start method, {shown} in {len(AMOUNTS)} "
                            f"processes did not finish within {ADD_TIMEOUT:g} s: a process waits "
                            f"for a lock nobody releases. Use `with counter.get_lock():`, which "
                            f"releases it even when something raises.", pytrace=False)
            seen.setdefault(method, []).append(value)
            if value != want:
                break       # proof enough
            # Both adds ran at the same time (as they always do when one waits
            # for the other's lock)? On a very busy machine one process may
            # only get going after the other has finished: that proves nothing.
            if len(calls) == 2 and calls[0].ran_with(calls[1]) > 0:
                conclusive += 1
                if conclusive == ROUNDS[method]:
                    break
    lost = {m: vs for m, vs in seen.items() if any(v != want for v in vs)}
    if not lost:
        return
    runs = "; ".join(f"{m}: {', '.join(map(str, vs))}" for m, vs in seen.items())
    message = (f"{len(AMOUNTS)} processes ran {shown} at the same time on one shared counter; "
               f"it ended at [{runs}] (start method: values), expected {want} every time.\n"
               f"Updates were lost: `counter.value += n` reads the value, then writes it back; "
               f"the other process wrote in between, and its update was overwritten. (The "
               f"grader makes each read and write pause a few microseconds, so this shows every time "
               f"instead of now and then.) Hold the counter's own lock around the whole "
               f"update: `with counter.get_lock(): counter.value += n`.")
    if "fork" not in lost:
        message += (f"\nIt worked under 'fork' but not under {' and '.join(map(repr, lost))}: "
                    f"there every child imports your file again, so a lock created at module "
                    f"level is a *new* lock in each child and excludes nobody. Use the lock "
                    f"that travels with the counter, `counter.get_lock()`.")
    pytest.fail(message, pytrace=False)


# --- count_together -------------------------------------------------------------

@pytest.mark.points(1)
@pytest.mark.timeout(20)
@pytest.mark.parametrize("start_method", METHODS, indirect=True)
def test_count_together(exercise, start_method):
    got = call(exercise, "count_together", [1, 3], 500)
    assert got == 4 * 500 and type(got) is int, (
        f"count_together([1, 3], 500) returned {got!r} with the {start_method!r} start method; "
        f"expected {4 * 500} (an int, the counter's value).\n"
        f"Create the counter with `multiprocessing.Value('i', 0)` inside count_together, pass "
        f"it to each child as a Process argument (`args=(counter, n, times)`), join every "
        f"process, then return `counter.value`. A plain int or list is copied into each child, "
        f"and a Value made at module level is made again by every spawned child: the parent's "
        f"copy never changes.")


@pytest.mark.points(2)
@pytest.mark.timeout(20)
def test_one_process_per_amount_at_the_same_time(exercise, fork, monkeypatch, tmp_path):
    amounts = [1, 2, 3]
    log = SpyLog(tmp_path)
    # Each add waits until add has started in 3 processes: a correct
    # count_together runs them at once, for sure.
    spied(exercise, monkeypatch, log, "add", meet=len(amounts))
    got = call(exercise, "count_together", amounts, 20)
    calls = log.calls()
    raised_in_child(calls, "add")
    pids = {c.pid for c in calls}
    picture = render(log.intervals())
    if not calls:
        pytest.fail(f"count_together({amounts}, 20) returned {got!r} without calling `add` "
                    f"in any process. Start one `multiprocessing.Process(target=add, "
                    f"args=(counter, n, times))` per amount (use the module's `add` by name).",
                    pytrace=False)
    if os.getpid() in pids:
        pytest.fail(f"`add` ran in the grader's own process (pid {os.getpid()}), not in child "
                    f"processes: it was called directly or in a thread.\n{picture}\n"
                    f"Start a multiprocessing.Process per amount.", pytrace=False)
    if len(pids) < len(amounts):
        pytest.fail(f"count_together({amounts}, 20) ran `add` in {len(pids)} process(es); "
                    f"expected one process per amount, {len(amounts)}.\n{picture}", pytrace=False)
    if log.gave_up():
        pytest.fail(f"the processes ran one after another: each `add` waited "
                    f"{MEET_TIMEOUT:g} s for the others to start, and they had not.\n{picture}\n"
                    f"Start every process first, then join them; `p.start(); p.join()` in one "
                    f"loop waits for each process before starting the next.", pytrace=False)
    args = sorted((c.args.get("n"), c.args.get("times")) for c in calls)
    assert args == [(n, 20) for n in amounts], (
        f"add was called with (n, times) = {args}; expected {[(n, 20) for n in amounts]}: "
        f"one call per amount, each with the given `times`.")


@pytest.mark.points(1)
@pytest.mark.timeout(20)
def test_waits_for_every_process(exercise, fork, monkeypatch, tmp_path):
    amounts = [1, 3]
    log = SpyLog(tmp_path)
    # Each child stays alive 0.2 s after its add: a parent that does not
    # join returns while they still run.
    spied(exercise, monkeypatch, log, "add", pause=0.2)
    got = call(exercise, "count_together", amounts, 50)
    returned = time.perf_counter()
    calls = log.calls()
    raised_in_child(calls, "add")
    done = [c for c in calls if c.end <= returned]
    alive = sorted(pid for pid in log.started_pids() - {os.getpid()} if reap.alive(pid))
    assert len(done) == len(amounts) and not alive and got == sum(amounts) * 50, (
        f"count_together({amounts}, 50) returned {got!r} while {len(amounts) - len(done)} of its "
        f"{len(amounts)} processes had not finished (still running: {alive or 'none'}).\n"
        f"Call `join()` on every process before reading `counter.value`: until then the "
        f"children may still be adding.")


# --- the array ----------------------------------------------------------------

@pytest.mark.points(1)
@pytest.mark.timeout(20)
@pytest.mark.parametrize("start_method", METHODS, indirect=True)
def test_squares_together(exercise, start_method):
    for length, processes in [(10, 3)]:   # 10 = 3 + 3 + 4: a remainder to place
        got = call(exercise, "squares_together", length, processes)
        want = [i * i for i in range(length)]
        if got is not None and not isinstance(got, list):
            got = list(got) if hasattr(got, "__iter__") else got
        assert got == want, (
            f"squares_together({length}, {processes}) returned {got!r} with the "
            f"{start_method!r} start method; expected {want}.\n"
            f"Zeros mean some indices were never filled: split range({length}) into "
            f"{processes} slices that together cover every index (the last slice takes the "
            f"remainder). All zeros mean the children filled their own copies: create "
            f"`multiprocessing.Array('i', length)` and pass it to each Process as an argument.")


@pytest.mark.points(2)
@pytest.mark.timeout(20)
def test_slices_are_disjoint_and_cover_the_array(exercise, fork, monkeypatch, tmp_path):
    length, processes = 10, 3
    log = SpyLog(tmp_path)
    spied(exercise, monkeypatch, log, "fill_squares", meet=processes)
    call(exercise, "squares_together", length, processes)
    calls = log.calls()
    raised_in_child(calls, "fill_squares")
    slices = sorted((c.args.get("start"), c.args.get("stop")) for c in calls)
    pids = {c.pid for c in calls}
    picture = render(log.intervals())
    if not calls:
        pytest.fail(f"squares_together({length}, {processes}) never called `fill_squares` in "
                    f"any process: start one Process(target=fill_squares, args=(array, start, "
                    f"stop)) per slice.", pytrace=False)
    if os.getpid() in pids or len(pids) != len(calls):
        pytest.fail(f"fill_squares ran {len(calls)} time(s) in {len(pids)} process(es)"
                    f"{' including the grader' if os.getpid() in pids else ''}; expected each "
                    f"call in its own child process.\n{picture}", pytrace=False)
    covered = [i for a, b in slices for i in range(a, b)] if all(
        isinstance(x, int) for s in slices for x in s) else None
    assert len(calls) == processes and covered == list(range(length)), (
        f"squares_together({length}, {processes}) filled the slices (start, stop) = {slices}; "
        f"expected {processes} slices that do not overlap and together cover "
        f"range({length}), e.g. {[(k * length // processes, (k + 1) * length // processes) for k in range(processes)]}.\n"
        f"Overlapping slices make two processes write the same elements; gaps leave "
        f"elements unfilled. `stop` is exclusive, like in range(start, stop).")
    assert not log.gave_up(), (
        f"the {processes} processes filled their slices one after another, not at the same "
        f"time: each waited {MEET_TIMEOUT:g} s for the others to start.\n{picture}\n"
        f"Start every process first, then join them.")

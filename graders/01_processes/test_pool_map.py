"""Hidden grader for pool_map: a process pool with map and apply_async.

Nothing is assumed from the source; everything is observed.  The student's
``job`` is replaced by an instrumented task (:mod:`conclab.tasks`) that
records which process ran it and when, and that shapes the schedule:

- a rendezvous (``meet=k``) forces ``k`` tasks to run at once in a correct
  pool, so code that runs them one at a time is caught every time;
- a slow first input forces results to finish out of order;
- a lingering thread keeps each worker alive after it is told to exit, so a
  pool that is closed but not joined is caught every time.

Observation tests use the "fork" start method (fastest); correctness runs
under fork, forkserver and spawn (forkserver is Linux's default from 3.14).
"""
import os
import multiprocessing

import pytest

from conclab import reap, speedup
from conclab.tasks import TaskLog
from conclab.timeline import render
from conclab.startmethods import METHODS
from conclab.startmethods import fork, pools, start_method  # noqa: F401 (fixtures)

FUNCS = ["pool_map", "pool_apply_async"]
MEET_TIMEOUT = 2.0    # seconds a rendezvous waits for other workers (fork starts them in ms)

HOW = {
    "pool_map": "pass the whole list to `pool.map(job, xs)`",
    "pool_apply_async": "submit every input with `apply_async(job, (x,))` first, "
                        "then call `.get()` on each result",
}


@pytest.fixture
def log(tmp_path, exercise, monkeypatch, fork):
    """A task log; ``log.use(**options)`` swaps the student's ``job`` for a task."""
    log = TaskLog(tmp_path / "tasks")

    def use(**options):
        task = log.task(**options)
        # The student's functions look `job` up as a module global when they run.
        monkeypatch.setattr(exercise.module, "job", task)
        return task

    log.use = use
    return log


def call(exercise, func, xs, **kwargs):
    """``exercise.<func>(xs, **kwargs)``, with pickling errors explained."""
    try:
        return getattr(exercise, func)(list(xs), **kwargs)
    except ValueError as exc:
        if "Pool not running" not in str(exc):
            raise
        pytest.fail(f"{func}() failed with ValueError: {exc}\n"
                    f"It used a pool that had already been closed or terminated: a pool kept "
                    f"at module level and reused between calls. Create the pool inside "
                    f"{func}, and close and join it before returning.", pytrace=False)
    except Exception as exc:  # noqa: BLE001 - re-raised unless it is about pickling
        if "pickle" not in str(exc).lower():
            raise
        pytest.fail(f"{func}() failed with {type(exc).__name__}: {exc}\n"
                    f"A pool sends `job` to its workers by pickling it, which stores only "
                    f"the function's module and name: give the pool the module-level `job` "
                    f"itself, not a lambda or a function defined inside another function.",
                    pytrace=False)


def evidence(log):
    return speedup.Evidence(log.records())


# --- correctness, under every start method ----------------------------------

@pytest.mark.points(1)
@pytest.mark.timeout(15)
@pytest.mark.parametrize("func", FUNCS)
@pytest.mark.parametrize("start_method", METHODS, indirect=True)
def test_results_in_order(exercise, func, start_method):
    xs = [3, 1, 4, 1, 5, 9, 2, 6]
    got = call(exercise, func, xs)
    assert got == [x * x for x in xs], (
        f"{func}({xs}) returned {got!r} with the {start_method!r} start method; "
        f"expected {[x * x for x in xs]}: job(x) for each x, in the order of xs")
    got = call(exercise, func, [])
    assert got == [], f"{func}([]) returned {got!r}; expected [] (no inputs, no results)"


# --- what really ran where (start method "fork") ----------------------------

@pytest.mark.points(1)
@pytest.mark.timeout(15)
@pytest.mark.parametrize("func", FUNCS)
def test_runs_in_worker_processes(exercise, log, func):
    log.use(sleep=0.02)
    call(exercise, func, range(6), processes=2)
    ev = evidence(log)
    assert ev.records and not (ev.pids & {ev.parent}), (
        f"{speedup.describe(ev)}\n{func} must hand the work to worker processes "
        f"of a multiprocessing.Pool: {HOW[func]}.")


@pytest.mark.points(2)
@pytest.mark.timeout(15)
@pytest.mark.parametrize("func", FUNCS)
def test_tasks_overlap(exercise, log, func):
    # Each task waits until tasks have started in 2 processes, then works
    # 50 ms: a correct pool of 2 runs them two at a time, for sure.
    log.use(meet=2, meet_timeout=MEET_TIMEOUT, sleep=0.05)
    call(exercise, func, range(6))  # default: processes=2
    ev = evidence(log)
    if log.gave_up() or len(ev.worker_pids) < 2 or ev.overlap == 0:
        waited = ""
        if ev.worker_pids:
            waited = (f"The first task waited {MEET_TIMEOUT:.0f} s for a task to start in a "
                      f"second worker process at the same time, and none did.\n")
        extra = ""
        if func == "pool_apply_async":
            extra = ("\nIf you call `.get()` right after each `apply_async`, you wait for "
                     "each job before submitting the next, so only one worker is ever busy.")
        pytest.fail(f"{waited}{speedup.describe(ev)}\n"
                    f"Expected: 2 worker processes running tasks at the same time; "
                    f"{HOW[func]}.{extra}", pytrace=False)


@pytest.mark.points(1)
@pytest.mark.timeout(15)
@pytest.mark.parametrize("func", FUNCS)
def test_order_when_tasks_finish_out_of_order(exercise, log, func):
    xs = list(range(8))
    # x=0 takes 0.3 s longer, so the other worker finishes x=1..7 first.
    log.use(meet=2, meet_timeout=MEET_TIMEOUT, delays={0: 0.3})
    got = call(exercise, func, xs)
    finished = [r.x for r in log.records()]
    assert got == [x * x for x in xs], (
        f"{func}({xs}) returned {got!r}; expected {[x * x for x in xs]}.\n"
        f"The tasks finished in this order: x = {finished} (x=0 was made slow on purpose). "
        f"Your results came back in finishing order, not input order: "
        f"`imap_unordered` and `apply_async` callbacks give finishing order; `map`, and "
        f"calling `.get()` on the results in the order you submitted them, keep input order.")


@pytest.mark.points(1)
@pytest.mark.timeout(15)
@pytest.mark.parametrize("processes", [1, 3])
@pytest.mark.parametrize("func", FUNCS)
def test_pool_size(exercise, log, func, processes):
    # A rendezvous of `processes` tasks, then 0.1 s of work each: every worker
    # a pool has gets a task (a pool too small makes the rendezvous give up;
    # a pool too big lets its extra workers pick up tasks while others work).
    log.use(meet=processes, meet_timeout=MEET_TIMEOUT, sleep=0.1)
    call(exercise, func, range(3 * processes + 1), processes=processes)
    ev = evidence(log)
    pids = log.started_pids() - {ev.parent}
    if not pids:
        pytest.fail(f"{speedup.describe(ev)}\n{func} must run its tasks in a "
                    f"multiprocessing.Pool of `processes` workers.", pytrace=False)
    assert len(pids) == processes, (
        f"{func}(xs, processes={processes}) ran tasks in {len(pids)} worker process(es); "
        f"expected exactly {processes}:\n{render(ev.intervals)}\n"
        f"Pass `processes` on to the pool: `Pool(processes=processes)`. `Pool()` alone "
        f"starts one worker per CPU ({multiprocessing.cpu_count()} on this machine), "
        f"and the seed's `Pool(processes=2)` always starts 2.")


@pytest.mark.points(1)
@pytest.mark.timeout(15)
@pytest.mark.parametrize("func", FUNCS)
def test_no_worker_left(exercise, log, func):
    # Each worker keeps running 0.5 s after it is told to exit (a lingering
    # thread): only a pool that is joined, or terminated, leaves none alive.
    log.use(meet=2, meet_timeout=MEET_TIMEOUT, linger=0.5)
    call(exercise, func, range(4))
    left = sorted(pid for pid in {r.pid for r in log.records()}
                  if pid != os.getpid() and reap.alive(pid))
    assert not left, (
        f"{func}() returned while {len(left)} worker process(es) were still running "
        f"(pid {', '.join(map(str, left))}).\n"
        f"After the results are in, call `pool.close()` and then `pool.join()` to wait "
        f"for the workers to exit (or use `with Pool(...) as pool:`, which terminates "
        f"them). `close()` alone only tells them to stop; a pool created once at module "
        f"level and reused is never closed at all.")


@pytest.mark.points(1)
@pytest.mark.timeout(15)
def test_uses_multiprocessing_pool(exercise, log):
    log.use(meet=2, meet_timeout=MEET_TIMEOUT)
    for func in FUNCS:
        log.clear()
        call(exercise, func, range(4))
        names = sorted({r.process for r in log.records()})
        assert names and all("PoolWorker" in n for n in names), (
            f"{func}() ran its tasks in processes named {names}, which are not "
            f"multiprocessing.Pool workers (those are named like 'ForkPoolWorker-1').\n"
            f"This exercise practises multiprocessing.Pool: {HOW[func]}. "
            f"(concurrent.futures.ProcessPoolExecutor is fine elsewhere, not here.)")


# --- speedup -----------------------------------------------------------------

@pytest.mark.points(3)
@pytest.mark.timing
@pytest.mark.timeout(30)
def test_cpu_speedup(exercise, log, tmp_path):
    """8 tasks of 50 ms CPU each with processes=2: they must really run in parallel."""
    if reason := speedup.skip_reason(2):
        pytest.skip(reason)
    xs = list(range(8))
    log.use(cpu=0.05)

    def run():
        log.clear()
        call(exercise, "pool_map", xs, processes=2)
        return evidence(log)

    serial_task = TaskLog(tmp_path / "serial").task(cpu=0.05)
    verdict = speedup.judge_parallel(run, workers=2, serial=lambda: [serial_task(x) for x in xs])
    if verdict.status == "skip":
        pytest.skip(verdict.message)
    assert verdict.status == "pass", (
        f"{verdict.message}\nExpected: the 8 CPU-bound tasks spread over 2 worker processes "
        f"running at the same time, about twice as fast as one after another.")

"""Hidden grader for pool_tasks: more tasks than workers, close() then join().

Nothing is assumed from the source; everything is observed.  The student's
``long_time_task`` is replaced by an instrumented task
(:mod:`conclab.tasks`) that records which process ran it and when, and that
shapes the schedule:

- a rendezvous (``meet=k``) forces ``k`` tasks to run at once in a correct
  pool of ``k`` workers, so code that runs them one at a time is caught;
- the seed's ``Pool(4)`` with 5 tasks: the intervals show at most 4 tasks
  running at any instant, and the 5th starting in a worker that had just
  finished another task (it waited for a free worker);
- tasks that sleep, so a function that returns before they are done (a pool
  terminated by leaving ``with Pool()``, or closed and not joined) is caught;
- a lingering thread keeps each worker alive after it is told to exit, so a
  pool that is closed but not joined is caught every time;
- a task that raises, so an exception left unread in a forgotten
  ``AsyncResult`` (the seed's fire-and-forget) is caught, and so is code
  that lets that one failure kill the tasks still running.

Observation tests use the "fork" start method (fastest); correctness runs
under fork, forkserver and spawn (forkserver is Linux's default from 3.14).

Concurrency:
    Every call of the student's code runs on a helper thread with a deadline
    (:func:`conclab.interleave.call_with_timeout`): a pool whose
    result-handler thread died (a callback that raised) makes ``join()`` wait
    forever.  After one such hang, later tests fail at once.
"""
import multiprocessing
import os
import time

import pytest

from conclab import reap, speedup
from conclab.interleave import StillRunning, call_with_timeout
from conclab.tasks import Task, TaskLog
from conclab.timeline import max_concurrency, render
from conclab.startmethods import METHODS
from conclab.startmethods import fork, pools, start_method  # noqa: F401 (fixtures)

MEET_TIMEOUT = 2.0    # seconds a rendezvous waits for other workers (fork starts them in ms)
CALL_TIMEOUT = 5.0    # seconds for one call (correct: 0.1-0.5 s; spawn of 2 workers ~0.2 s)
FAILING = 1           # the task made to fail in the error tests

_stuck: dict = {}     # submission file -> the test in which its code never returned


class FailingTask(Task):
    """A task that raises ``RuntimeError`` for the inputs in ``fail``, after recording itself.

    Defined here, so it can only be unpickled in forked workers: the error
    tests use the "fork" start method.
    """

    def __init__(self, folder, *, fail=(), **options):
        super().__init__(folder, **options)
        self.fail = set(fail)

    def __call__(self, x):
        value = super().__call__(x)
        if x in self.fail:
            raise RuntimeError(f"task {x} failed on purpose (the grader made it fail)")
        return value


# --- fixtures -------------------------------------------------------------------

@pytest.fixture
def log(tmp_path, exercise, monkeypatch):
    """A task log; ``log.use(**options)`` swaps the student's ``long_time_task`` for a task."""
    log = TaskLog(tmp_path / "tasks")

    def use(fail=(), **options):
        task = FailingTask(log.folder, fail=fail, **options) if fail else log.task(**options)
        # The student's run_tasks looks long_time_task up as a module global when it runs.
        monkeypatch.setattr(exercise.module, "long_time_task", task)
        return task

    log.use = use
    return log


# --- calling the student's code ---------------------------------------------------

def _current_test() -> str:
    return os.environ.get("PYTEST_CURRENT_TEST", "an earlier test").split("::")[-1].split(" ")[0]


def call(exercise, names, **kwargs):
    """``exercise.run_tasks(names, **kwargs)`` with a deadline, common mistakes explained."""
    run_tasks = exercise.run_tasks
    if exercise.path in _stuck:
        pytest.fail(f"not run: run_tasks got stuck in {_stuck[exercise.path]}; fix that first",
                    pytrace=False)
    shown = f"run_tasks({list(names)}{''.join(f', {k}={v}' for k, v in kwargs.items())})"
    try:
        return call_with_timeout(lambda: run_tasks(list(names), **kwargs),
                                 timeout=CALL_TIMEOUT, name="run_tasks")
    except StillRunning:
        _stuck[exercise.path] = _current_test()
        pytest.fail(f"{shown} did not return within {CALL_TIMEOUT:g} s (every task takes at "
                    f"most 0.2 s here).\nDid a callback raise an exception? Callbacks run in "
                    f"the pool's result-handler thread, which dies with it (look for 'Exception "
                    f"in thread ... _handle_results' in the output): no result arrives after "
                    f"that, and `.get()` and `join()` wait forever. E.g. `d.update(name, r)` "
                    f"raises TypeError (update takes one argument); `d[name] = r` in a small "
                    f"function, or `functools.partial(d.__setitem__, name)`, does not.",
                    pytrace=False)
    except ValueError as exc:
        if "Pool is still running" in str(exc):
            pytest.fail(f"{shown} failed with ValueError: {exc}\n`pool.join()` may only be "
                        f"called after `pool.close()` (or `terminate()`): close() says no more "
                        f"tasks are coming, join() then waits for the queued tasks and the "
                        f"workers to finish.", pytrace=False)
        if "Pool not running" in str(exc):
            pytest.fail(f"{shown} failed with ValueError: {exc}\nIt submitted a task to a pool "
                        f"that was already closed: submit every task first, then close().",
                        pytrace=False)
        raise
    except Exception as exc:  # noqa: BLE001 - re-raised unless it is about pickling
        if "pickle" not in str(exc).lower():
            raise
        pytest.fail(f"{shown} failed with {type(exc).__name__}: {exc}\nA pool sends "
                    f"`long_time_task` to its workers by pickling it, which stores only the "
                    f"function's module and name: pass the module-level `long_time_task` "
                    f"itself, not a lambda or a nested function.", pytrace=False)


def evidence(log):
    return speedup.Evidence(log.records())


def nothing_finished(log, names):
    """Fail when not every task ran to its end (the other checks need them all)."""
    done = finished(log)
    if len(done) == len(names):
        return
    pytest.fail(f"of the tasks {list(names)}, only {done} ran to their end:\n"
                f"{render(evidence(log).intervals)}\nEvery task must run on the pool's workers, "
                f"and run_tasks must wait for all of them: `close()`, then `join()`. Leaving a "
                f"`with Pool(...)` block terminates the tasks that have not finished.",
                pytrace=False)


def finished(log):
    return sorted((r.x for r in log.records()), key=repr)


# --- correctness, under every start method ----------------------------------------

@pytest.mark.points(1)
@pytest.mark.timeout(20)
@pytest.mark.parametrize("start_method", METHODS, indirect=True)
def test_returns_every_result(exercise, log, start_method):
    log.use()
    names = [3, 1, 4, 5, 9, 2]
    got = call(exercise, names, processes=2)
    want = {x: x * x for x in names}
    assert got == want, (
        f"run_tasks({names}, processes=2) returned {got!r} with the {start_method!r} start "
        f"method; expected {want}: each name mapped to what long_time_task(name) returned "
        f"(here the grader's task returns name * name).\n"
        f"Missing names mean tasks never finished or their results were dropped; every value "
        f"under one name means a callback `lambda r: results.__setitem__(name, r)` read `name` "
        f"after the loop had moved on (bind it: `lambda r, name=name: ...`).")
    got = call(exercise, [], processes=2)
    assert got == {}, f"run_tasks([]) returned {got!r}; expected {{}} (no tasks, no results)"


# --- what really ran where and when (start method "fork") --------------------------

@pytest.mark.points(2)
@pytest.mark.timeout(20)
def test_extra_task_waits_for_a_free_worker(exercise, log, fork):
    # The seed: Pool(4), 5 tasks. Each task waits until tasks run in 4
    # processes at once, then works 0.1 s.
    names = [0, 1, 2, 3, 4]
    log.use(meet=4, meet_timeout=MEET_TIMEOUT, sleep=0.1)
    call(exercise, names, processes=4)
    nothing_finished(log, names)
    ev = evidence(log)
    picture = render(ev.intervals)
    if not ev.worker_pids:
        pytest.fail(f"{speedup.describe(ev)}\nrun_tasks must hand the tasks to the workers of "
                    f"a multiprocessing.Pool.", pytrace=False)
    most = max_concurrency(ev.intervals)
    if most > 4:
        pytest.fail(f"{most} tasks ran at the same time, in {len(ev.pids)} processes; a pool of "
                    f"4 workers runs at most 4 at once:\n{picture}\nUse one "
                    f"`multiprocessing.Pool(processes=processes)` for all the tasks, not one "
                    f"process per task.", pytrace=False)
    if log.gave_up() or most < 4:
        pytest.fail(f"{speedup.describe(ev)}\nExpected tasks 0-3 to run at once in 4 worker "
                    f"processes; each waited {MEET_TIMEOUT:g} s for that, and it did not happen. "
                    f"Submit every task with `apply_async` first and wait afterwards; "
                    f"`.get()` right after each submit waits for every task before the next "
                    f"starts.", pytrace=False)
    last = max(ev.records, key=lambda r: r.start)
    freed = [r for r in ev.records if r is not last and r.pid == last.pid and r.end <= last.start]
    assert freed, (
        f"task {last.x!r} started last, in process {last.pid}, without waiting for a task to "
        f"finish there:\n{picture}\nIn a pool of 4 workers the 5th task waits until a worker "
        f"is free, then runs in that worker.")


@pytest.mark.points(1)
@pytest.mark.timeout(20)
@pytest.mark.parametrize("processes", [1, 3])
def test_never_more_than_processes_at_once(exercise, log, fork, processes):
    names = list(range(2 * processes + 1))
    log.use(meet=processes, meet_timeout=MEET_TIMEOUT, sleep=0.06)
    call(exercise, names, processes=processes)
    nothing_finished(log, names)
    ev = evidence(log)
    picture = render(ev.intervals)
    most = max_concurrency(ev.intervals)
    pids = log.started_pids() - {ev.parent}
    assert pids and len(pids) == processes and most <= processes and not log.gave_up(), (
        f"run_tasks({names}, processes={processes}) ran tasks in {len(pids)} worker "
        f"process(es), up to {most} at the same time; expected exactly {processes} workers, "
        f"all busy at once and never more:\n{picture}\n"
        f"Pass `processes` on to the pool: `Pool(processes=processes)`. `Pool()` alone starts "
        f"one worker per CPU ({os.cpu_count()} here), and a Process per task runs them all at "
        f"once.")


@pytest.mark.points(2)
@pytest.mark.timeout(20)
def test_waits_for_every_task(exercise, log, fork):
    names = list(range(6))
    log.use(sleep=0.15)
    got = call(exercise, names, processes=2)
    returned = time.perf_counter()
    ev = evidence(log)
    done = sorted(r.x for r in ev.records if r.end <= returned)
    assert done == names, (
        f"run_tasks({names}, processes=2) returned {got!r} when only tasks {done} had finished "
        f"(each task takes 0.15 s):\n{render(ev.intervals)}\n"
        f"After submitting, call `pool.close()` and then `pool.join()`: join() waits until "
        f"every queued task has run. Leaving a `with Pool(...)` block calls `terminate()`, "
        f"which kills the tasks still queued or running; close() alone does not wait.")


@pytest.mark.points(1)
@pytest.mark.timeout(20)
def test_no_worker_left(exercise, log, fork):
    # Each worker keeps running 0.5 s after it is told to exit (a lingering
    # thread): only a pool that is joined, or terminated, leaves none alive.
    log.use(sleep=0.02, linger=0.5)
    call(exercise, range(4), processes=2)
    left = sorted(pid for pid in {r.pid for r in log.records()}
                  if pid != os.getpid() and reap.alive(pid))
    assert not left, (
        f"run_tasks() returned while {len(left)} worker process(es) were still running "
        f"(pid {', '.join(map(str, left))}).\n"
        f"`close()` only tells the workers to exit once the queue is empty; `join()` waits "
        f"until they have. Call both, in that order.")


def _run_with_failure(exercise, log):
    """run_tasks(0..5) where task FAILING raises at once: (returned value or None, exception)."""
    names = list(range(6))
    log.use(fail={FAILING}, delays={x: 0.1 for x in names if x != FAILING})
    try:
        return call(exercise, names, processes=2), None
    except pytest.fail.Exception:
        raise
    except Exception as exc:  # noqa: BLE001 - what run_tasks raised is what is graded
        return None, exc


@pytest.mark.points(2)
@pytest.mark.timeout(20)
def test_task_error_is_not_lost(exercise, log, fork):
    got, exc = _run_with_failure(exercise, log)
    if exc is None:
        pytest.fail(f"task {FAILING} raised RuntimeError('task {FAILING} failed on purpose'), "
                    f"but run_tasks(range(6)) returned {got!r} as if all was well.\n"
                    f"The exception of a task waits in the AsyncResult that `apply_async` "
                    f"returned: call `.get()` on every result (after join()) and it is raised "
                    f"there, or pass `error_callback=` and re-raise what it received. The "
                    f"seed's fire-and-forget `apply_async` throws it away.", pytrace=False)
    assert isinstance(exc, RuntimeError) and "failed on purpose" in str(exc), (
        f"task {FAILING} raised RuntimeError('task {FAILING} failed on purpose'); run_tasks "
        f"raised {type(exc).__name__}: {exc} instead. Re-raise the task's own exception "
        f"(`.get()` does that for you).")


@pytest.mark.points(1)
@pytest.mark.timeout(20)
def test_other_tasks_finish_when_one_fails(exercise, log, fork):
    got, exc = _run_with_failure(exercise, log)
    others = [x for x in range(6) if x != FAILING]
    done = [x for x in finished(log) if x != FAILING]
    left = sorted(pid for pid in log.started_pids() if pid != os.getpid() and reap.alive(pid))
    assert done == others and not left, (
        f"task {FAILING} failed at once; of the other tasks {others}, only {done} ran to their "
        f"end{f', and workers {left} were still running' if left else ''}:\n"
        f"{render(evidence(log).intervals)}\n"
        f"One failing task must not stop the others. If you call `.get()` inside `with "
        f"Pool(...)` before `close()` and `join()`, the first error leaves the block, and "
        f"leaving it terminates the tasks still queued or running. Close and join first, then "
        f"look at the results.")


@pytest.mark.points(1)
@pytest.mark.timeout(20)
def test_uses_multiprocessing_pool(exercise, log, fork):
    log.use(sleep=0.02)
    call(exercise, range(4), processes=2)
    names = sorted({r.process for r in log.records()})
    assert names and all("PoolWorker" in n for n in names), (
        f"run_tasks() ran its tasks in processes named {names}, which are not "
        f"multiprocessing.Pool workers (those are named like 'ForkPoolWorker-1').\n"
        f"This exercise practises multiprocessing.Pool: `apply_async`, then `close()` and "
        f"`join()`.")

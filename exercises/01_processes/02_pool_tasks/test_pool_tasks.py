"""Quick self-checks for pool_tasks.py (a few seconds).

Run: ``pytest exercises/01_processes/02_pool_tasks``.  The grader checks the
same things more strictly (every start method, exact pool sizes, a failing
task); passing these is a good sign, not a guarantee.  Some checks swap your
`long_time_task` for an instrumented one that records which process ran
each task and when (see conclab/tasks.py).
"""
import os
import time

from conclab import reap
from conclab.tasks import TaskLog
from conclab.timeline import max_concurrency, render


def test_every_result(exercise, tmp_path, monkeypatch):
    monkeypatch.setattr(exercise.module, "long_time_task", TaskLog(tmp_path).task())
    assert exercise.run_tasks([3, 1, 4], processes=2) == {3: 9, 1: 1, 4: 16}
    assert exercise.run_tasks([], processes=2) == {}


def test_four_at_once_then_the_fifth(exercise, tmp_path, monkeypatch):
    log = TaskLog(tmp_path)
    # Each task waits (up to 2 s) until tasks run in 4 processes at once.
    monkeypatch.setattr(exercise.module, "long_time_task", log.task(meet=4, sleep=0.05))
    exercise.run_tasks(range(5), processes=4)
    intervals = log.intervals()
    assert len(intervals) == 5, f"only {len(intervals)} of 5 tasks finished"
    assert not log.gave_up() and max_concurrency(intervals) == 4, (
        f"expected 4 tasks at once, never more:\n{render(intervals)}")


def test_waits_and_leaves_no_worker(exercise, tmp_path, monkeypatch):
    log = TaskLog(tmp_path)
    monkeypatch.setattr(exercise.module, "long_time_task", log.task(sleep=0.1, linger=0.3))
    exercise.run_tasks(range(4), processes=2)
    returned = time.perf_counter()
    assert all(r.end <= returned for r in log.records()) and len(log.records()) == 4, (
        "run_tasks returned before every task had finished: close() then join()")
    alive = [r.pid for r in log.records() if r.pid != os.getpid() and reap.alive(r.pid)]
    assert not alive, f"workers {alive} still ran after run_tasks returned: join() the pool"


def test_real_long_time_task(exercise):
    got = exercise.run_tasks([0, 1], processes=2)
    assert sorted(got) == [0, 1] and all(isinstance(v, str) for v in got.values()), got


def test_a_failing_task_is_not_lost(exercise, tmp_path, monkeypatch):
    log = TaskLog(tmp_path)
    monkeypatch.setattr(exercise.module, "long_time_task", log.task(sleep=0.05))
    # The instrumented task returns name * name: for the name "oops" that
    # raises TypeError (can't multiply a str by a str) inside the worker.
    try:
        got = exercise.run_tasks([1, "oops", 2, 3], processes=2)
    except TypeError:
        pass
    else:
        raise AssertionError(f"task 'oops' raised TypeError, but run_tasks returned {got!r}: "
                             f"call .get() on every AsyncResult (after close() and join())")
    assert sorted(map(str, (r.x for r in log.records()))) == ["1", "2", "3", "oops"], (
        "the other tasks must still run to their end when one fails")

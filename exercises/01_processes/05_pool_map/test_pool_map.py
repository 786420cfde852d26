"""Quick checks for pool_map.py: run `pytest` in this folder.

The graded tests check more (every start method, the exact pool size,
real parallel speedup); these catch the common mistakes in a few seconds.
Some swap your `job` for an instrumented one that records which process
ran each task and when (see conclab/tasks.py).
"""
from conclab import reap, speedup
from conclab.tasks import TaskLog

XS = [3, 1, 4, 1, 5, 9, 2, 6]


def test_pool_map_squares_in_order(exercise):
    assert exercise.pool_map(XS) == [x * x for x in XS]


def test_pool_apply_async_squares_in_order(exercise):
    assert exercise.pool_apply_async(XS) == [x * x for x in XS]


def test_empty_list(exercise):
    assert exercise.pool_map([]) == []
    assert exercise.pool_apply_async([]) == []


def test_two_workers_run_at_the_same_time(exercise, tmp_path, monkeypatch):
    for func in ("pool_map", "pool_apply_async"):
        log = TaskLog(tmp_path / func)
        # Each task waits (up to 2 s) until tasks run in 2 processes at once.
        monkeypatch.setattr(exercise.module, "job", log.task(meet=2, sleep=0.02))
        getattr(exercise, func)(list(range(6)), processes=2)
        ev = speedup.Evidence(log.records())
        assert not log.gave_up() and len(ev.worker_pids) == 2, f"{func}: {speedup.describe(ev)}"


def test_no_worker_left_running(exercise, tmp_path, monkeypatch):
    for func in ("pool_map", "pool_apply_async"):
        log = TaskLog(tmp_path / func)
        monkeypatch.setattr(exercise.module, "job", log.task(linger=0.3))
        getattr(exercise, func)(list(range(4)))
        alive = [r.pid for r in log.records() if reap.alive(r.pid)]
        assert not alive, f"{func} returned while worker(s) {alive} still ran: close() and join() the pool"

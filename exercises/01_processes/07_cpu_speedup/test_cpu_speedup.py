"""Quick self-checks for cpu_speedup.py (a few seconds).

Run: ``pytest exercises/01_processes/07_cpu_speedup``.  The grader checks the
same things more strictly (every start method, the pool size, the speedup
itself); passing these is a good sign, not a guarantee.  Some checks swap
your `cpu_bound` for an instrumented one that records which process ran
each task and when (see conclab/tasks.py).
"""
import os

from conclab import reap, speedup
from conclab.tasks import TaskLog

NUMBERS = [30_000, 10_000, 50_000, 20_000]


def test_sums_in_order(exercise):
    assert exercise.find_sums(NUMBERS) == [sum(i * i for i in range(n)) for n in NUMBERS]
    assert exercise.find_sums([]) == []


def test_two_worker_processes_at_the_same_time(exercise, tmp_path, monkeypatch):
    log = TaskLog(tmp_path)
    # Each task waits (up to 2 s) until tasks run in 2 processes at once.
    monkeypatch.setattr(exercise.module, "cpu_bound", log.task(meet=2, sleep=0.02))
    exercise.find_sums(list(range(6)), processes=2)
    ev = speedup.Evidence(log.records())
    assert ev.records and os.getpid() not in ev.pids, speedup.describe(ev)
    assert not log.gave_up() and len(ev.worker_pids) == 2, speedup.describe(ev)


def test_no_worker_left_running(exercise, tmp_path, monkeypatch):
    log = TaskLog(tmp_path)
    monkeypatch.setattr(exercise.module, "cpu_bound", log.task(linger=0.3))
    exercise.find_sums(list(range(4)))
    alive = [r.pid for r in log.records() if r.pid != os.getpid() and reap.alive(r.pid)]
    assert not alive, f"find_sums returned while worker(s) {alive} still ran: shut the pool down"

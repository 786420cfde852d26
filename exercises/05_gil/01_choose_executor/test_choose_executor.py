"""Quick self-checks for choose_executor.py (a few seconds).

Run: ``pytest exercises/05_gil/01_choose_executor``.  The grader checks the
same things more strictly (every start method, the exact number of workers,
no worker left running, real speedup); passing these is a good sign, not a
guarantee.
"""
import os
import threading

import pytest

from conclab import speedup
from conclab.interleave import call_with_timeout
from conclab.tasks import TaskLog

# A "fork" pool started from a helper thread makes Python 3.12+ warn; harmless here.
pytestmark = pytest.mark.filterwarnings(
    "ignore:This process .* is multi-threaded, use of fork:DeprecationWarning")


def test_io_batch_returns_results_in_order(exercise):
    got = call_with_timeout(exercise.run_io_batch, str.upper, ["a", "b", "c"], 2, timeout=5)
    assert got == ["A", "B", "C"]
    assert call_with_timeout(exercise.run_io_batch, str.upper, [], 2, timeout=5) == []


def test_io_calls_overlap_in_threads_of_this_process(exercise):
    # Each call waits until 4 calls are in flight: only 4 threads at once get through.
    barrier = threading.Barrier(4, timeout=2)
    seen = []

    def wait_for_the_network(x):
        seen.append((os.getpid(), threading.current_thread().name))
        barrier.wait()
        return x

    got = call_with_timeout(exercise.run_io_batch, wait_for_the_network, list(range(8)), 4,
                            timeout=10)
    assert got == list(range(8))
    assert {pid for pid, _ in seen} == {os.getpid()}, "the calls must run in this process"
    assert not barrier.broken, "4 calls were never in flight at once: run them in 4 threads"


def test_cpu_batch_computes_the_seed_sums(exercise):
    numbers = [10, 1000, 20000]
    got = call_with_timeout(exercise.run_cpu_batch, exercise.cpu_bound, numbers, 2, timeout=20)
    assert got == [sum(i * i for i in range(n)) for n in numbers]


def test_cpu_batch_runs_in_two_worker_processes(exercise, tmp_path):
    log = TaskLog(tmp_path)
    # Each task waits (up to 2 s) until tasks run in 2 processes at once.
    task = log.task(meet=2, sleep=0.02)
    got = call_with_timeout(exercise.run_cpu_batch, task, list(range(6)), 2, timeout=20)
    assert got == [x * x for x in range(6)]
    ev = speedup.Evidence(log.records())
    assert not log.gave_up() and len(ev.worker_pids) == 2 and ev.parent not in ev.pids, (
        speedup.describe(ev))

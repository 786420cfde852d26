"""Quick self-checks for process_vs_thread.py: run `pytest exercises/02_threads/04_process_vs_thread`.

The grader checks more (every start method, that both workers run at
once, that nothing is left running, and the speed); passing these is a good
sign, not a guarantee.  One test swaps your `work` for one that records the
process and thread it runs in (see conclab/tasks.py).
"""
import multiprocessing
import os

import pytest

from conclab.interleave import StillRunning, call_with_timeout
from conclab.tasks import TaskLog


def call(fn, n):
    try:
        return call_with_timeout(fn, n, timeout=5)
    except StillRunning:
        raise AssertionError(f"{fn.__name__}({n}) did not return within 5 s") from None


@pytest.mark.parametrize("n", [0, 1, 1001, 20_000])
def test_three_versions_same_result(exercise, n):
    expected = exercise.work(0, n)
    for fn in (exercise.normal, exercise.multithread, exercise.multicore):
        assert call(fn, n) == expected, f"{fn.__name__}({n}) is not work(0, {n})"


class Recorded:
    """A `work` that records where it runs (a log file, so child processes can write too)."""

    def __init__(self, folder, big=0):
        self.task = TaskLog(folder).task(sleep=0.05)   # busy long enough to need 2 workers
        self.big = big

    def __call__(self, lo, hi):
        self.task(lo)
        return self.big


@pytest.fixture
def fork():
    old = multiprocessing.get_start_method(allow_none=True)
    multiprocessing.set_start_method("fork", force=True)   # children inherit the swapped work
    yield
    multiprocessing.set_start_method(old, force=True)


def test_where_the_work_runs(exercise, monkeypatch, tmp_path, fork):
    for name in ("normal", "multithread", "multicore"):
        monkeypatch.setattr(exercise.module, "work", Recorded(tmp_path / name))
        call(getattr(exercise, name), 1000)
        records = TaskLog(tmp_path / name).records()
        pids = {r.pid for r in records}
        threads = {r.thread for r in records}
        if name == "normal":
            assert pids == {os.getpid()} and len(threads) == 1, "normal: no threads, no processes"
        elif name == "multithread":
            assert len(records) == 2 and pids == {os.getpid()} and len(threads) == 2, \
                f"multithread: expected 2 threads of this process, saw {records}"
        else:
            assert len(records) == 2 and os.getpid() not in pids, \
                f"multicore: expected worker processes, saw {records}"


def test_multicore_with_big_results(exercise, monkeypatch, tmp_path, fork):
    big = 1 << (8 * 2 ** 20)    # a 1 MiB number: more than a pipe holds
    monkeypatch.setattr(exercise.module, "work", Recorded(tmp_path, big=big))
    try:
        got = call_with_timeout(exercise.multicore, 1000, timeout=3)
    except StillRunning:
        raise AssertionError("multicore deadlocked with big results: get() every result from "
                             "the queue before you join() the processes") from None
    assert got == 2 * big

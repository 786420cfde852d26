"""Quick self-checks for gil_countdown.py: run `pytest exercises/05_gil/02_gil_countdown`.

The grader checks more (it forces the workers to run at the same time, and
compares your numbers with what it measures itself); passing these is a
good sign, not a guarantee.
"""
import os
import sys
import threading

from conclab.interleave import StillRunning, call_with_timeout


def call(fn, *args):
    try:
        return call_with_timeout(fn, *args, timeout=10)
    except StillRunning:
        raise AssertionError(f"{fn.__name__}{args} did not return within 10 s") from None


def test_switch_interval_is_read_not_remembered(exercise):
    old = sys.getswitchinterval()
    try:
        assert exercise.switch_interval_ms() == old * 1000   # 5.0 unless changed
        sys.setswitchinterval(0.002)
        assert abs(exercise.switch_interval_ms() - 2.0) < 1e-9
    finally:
        sys.setswitchinterval(old)


def test_timed_countdown(exercise):
    run = exercise.timed_countdown(200_000)
    assert (run.n, run.pid, run.thread) == (200_000, os.getpid(), threading.current_thread().name)
    assert run.start < run.end
    assert 0 < run.cpu <= (run.end - run.start) + 0.005, \
        "cpu: the difference of time.thread_time() around countdown(n)"


def test_in_threads(exercise):
    report = call(exercise.in_threads, 4_000_001)
    assert sorted(r.n for r in report.runs) == [2_000_000, 2_000_001]
    assert {r.pid for r in report.runs} == {os.getpid()}, "threads run in this process"
    assert len({r.thread for r in report.runs}) == 2, "two threads"
    assert report.wall >= max(r.end for r in report.runs) - min(r.start for r in report.runs)


def test_in_processes(exercise):
    report = call(exercise.in_processes, 4_000_001)
    assert sorted(r.n for r in report.runs) == [2_000_000, 2_000_001]
    assert os.getpid() not in {r.pid for r in report.runs}, "the runs must be in worker processes"
    assert report.wall >= max(r.end for r in report.runs) - min(r.start for r in report.runs)

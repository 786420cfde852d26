"""Unit tests for conclab.interleave: gates, recorders, threads with timeouts."""
import threading
import time

import pytest

from conclab.interleave import Gate, Recorder, StillRunning, call_with_timeout, run_threads
from conclab.timeline import max_concurrency


def test_gate_opens_when_all_parties_wait():
    gate = Gate(3, timeout=2.0)
    results = run_threads(gate.wait, [()] * 3, ["a", "b", "c"], timeout=3.0)
    assert [r.value for r in results] == [True, True, True]
    assert gate.opened and not gate.broken and gate.most_waiting == 3


def test_gate_times_out_once_then_stays_open():
    gate = Gate(2, timeout=0.1)
    start = time.perf_counter()
    assert gate.wait() is False          # nobody else comes: one timeout
    assert gate.wait() is False          # broken: passes at once
    assert time.perf_counter() - start < 0.5
    assert gate.broken and not gate.opened


def test_recorder_sees_overlap_only_when_threads_overlap():
    rec, gate = Recorder(), Gate(2, timeout=2.0)

    def body():
        with rec.record("x"):
            gate.wait()
    run_threads(body, [(), ()], ["t1", "t2"])
    assert {iv.worker for iv in rec.intervals} == {"t1", "t2"}
    assert max_concurrency(rec.intervals) == 2

    serial = Recorder()

    def alone():
        with serial.record():
            time.sleep(0.01)
    for name in ("t1", "t2"):
        run_threads(alone, [()], [name])   # one thread at a time
    assert max_concurrency(serial.intervals) == 1


def test_run_threads_reports_errors_and_shared_names():
    def f(x):
        if x == 2:
            raise ValueError("two")
        return threading.current_thread().name
    results = run_threads(f, [(1,), (2,)], ["same", "same"])
    assert results[0].value == "same" and results[0].finished
    assert isinstance(results[1].error, ValueError)


def test_call_with_timeout_returns_raises_and_gives_up():
    assert call_with_timeout(lambda x: x + 1, 1) == 2
    with pytest.raises(KeyError):
        call_with_timeout({}.__getitem__, "missing")
    stop = threading.Event()
    try:
        start = time.perf_counter()
        with pytest.raises(StillRunning, match="did not return within 0.1 s"):
            call_with_timeout(stop.wait, timeout=0.1, name="stuck")
        assert time.perf_counter() - start < 1.0
    finally:
        stop.set()

"""Visible tests for gather_cancel: run `pytest exercises/03_coroutines/03_gather_cancel`.

The seed's 1 s / 2 s / 3 s scenario, scaled down to tenths of a second.  The
hidden grader checks more (for instance that no task is left running when
run_with_deadline returns).
"""
import asyncio
import time


def test_worker_returns_and_raises(exercise):
    assert asyncio.run(exercise.worker(0.01, "ok")) == "ok"
    error = ValueError("bad")
    try:
        asyncio.run(exercise.worker(0.01, error))
    except ValueError as exc:
        assert exc is error
    else:
        raise AssertionError("worker(0.01, ValueError('bad')) must raise that ValueError")


def test_seed_scenario(exercise):
    jobs = [(0.02, 1), (0.08, ZeroDivisionError("division by zero")), (0.6, 3)]
    start = time.perf_counter()
    result = asyncio.run(exercise.run_with_deadline(jobs, 0.2))
    elapsed = time.perf_counter() - start
    assert result[0] == 1
    assert isinstance(result[1], ZeroDivisionError)
    assert isinstance(result[2], asyncio.CancelledError)
    assert 0.19 <= elapsed < 0.4, f"took {elapsed:.2f} s, expected about 0.2 s (the deadline)"


def test_returns_early_when_all_done(exercise):
    start = time.perf_counter()
    result = asyncio.run(exercise.run_with_deadline([(0.05, "a"), (0.02, "b")], 1.0))
    elapsed = time.perf_counter() - start
    assert result == ["a", "b"]
    assert elapsed < 0.5, f"took {elapsed:.2f} s, but every job was done after 0.05 s"


def test_no_jobs(exercise):
    assert asyncio.run(exercise.run_with_deadline([], 0.1)) == []

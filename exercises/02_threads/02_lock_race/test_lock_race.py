"""Quick self-checks for lock_race.py (a few seconds).

Run: ``pytest exercises/02_threads/02_lock_race``.  The grader checks the
same things more strictly; passing these is a good sign, not a guarantee.
"""
import threading

from conclab import chaos
from conclab.interleave import StillRunning, call_with_timeout


def run_bank(exercise, amounts, times):
    """``run_bank`` with a deadline, so a deadlock fails instead of hanging."""
    try:
        return call_with_timeout(exercise.run_bank, amounts, times, timeout=5)
    except StillRunning:
        raise AssertionError(f"run_bank({amounts}, {times}) did not return within 5 s: a thread "
                             f"is waiting for a lock that is never released") from None


def test_balance_ends_at_zero(exercise):
    assert run_bank(exercise, [5, 8], 1000) == 0


def test_resets_balance(exercise, monkeypatch):
    monkeypatch.setattr(exercise.module, "balance", 100)
    assert run_bank(exercise, [5, 8], 10) == 0, "run_bank must set balance to 0 first"
    assert exercise.module.balance == 0, "the global balance was not reset: `global balance`?"


def test_threads_run_at_the_same_time(exercise, monkeypatch):
    # Each thread waits until the other has started: that only happens if
    # run_bank starts both before joining either.
    barrier = threading.Barrier(2, timeout=2)
    failed = []
    original = exercise.run_thread

    def waiting_run_thread(n, times):
        try:
            barrier.wait()
        except threading.BrokenBarrierError:
            failed.append(n)
        original(n, times)

    monkeypatch.setattr(exercise.module, "run_thread", waiting_run_thread)
    run_bank(exercise, [5, 8], 10)
    assert not failed, "the threads did not run at the same time: start them all, then join"


def test_no_lost_updates_with_forced_switches(exercise):
    # Runs your run_bank in a fresh process with thread switches forced
    # inside lock_race.py, as the grader does.
    result = chaos.run(exercise.path, "run_bank", [[5, 8], 500], rounds=3, timeout=5)
    problem = result.failure("run_bank([5, 8], 500)", timeout=5)
    assert not problem, problem
    assert result.values == [0, 0, 0], (
        f"with forced thread switches the balance ended at {result.values}: "
        f"updates were lost; hold `lock` around both updates")

"""Quick self-checks for thread_basics.py: run `pytest exercises/02_threads/01_thread_basics`.

The grader checks the same things more strictly (it makes every loop wait
until all are running, and measures the CPU your waiting uses); passing
these is a good sign, not a guarantee.
"""
import threading
import time

from conclab.interleave import StillRunning, call_with_timeout


def timed(fn, *args):
    """(value, wall seconds, CPU seconds of the calling thread), with a 5 s deadline."""
    def run():
        t0, c0 = time.perf_counter(), time.thread_time()
        value = fn(*args)
        return value, time.perf_counter() - t0, time.thread_time() - c0
    try:
        return call_with_timeout(run, timeout=5)
    except StillRunning:
        raise AssertionError("the call did not return within 5 s: is a thread never ending, "
                             "or never started?") from None


def test_run_in_thread_names_the_new_thread(exercise):
    def name():
        return threading.current_thread().name

    got, _, _ = timed(exercise.run_in_thread, name, "LoopThread")
    assert got == "LoopThread"


def test_run_in_thread_uses_a_new_thread(exercise):
    def caller_and_worker():
        return threading.current_thread(), exercise.run_in_thread(threading.current_thread, "w")

    (caller, worker), _, _ = timed(caller_and_worker)
    assert worker is not caller, "func ran in the calling thread: start() a new thread"


def test_seed_loops_sleep_at_the_same_time(exercise):
    results, wall, _ = timed(exercise.run_loops, [0.2, 0.1])
    assert results == ["loop 0 slept 0.2 s in LoopThread-0", "loop 1 slept 0.1 s in LoopThread-1"]
    assert wall < 0.28, f"took {wall:.2f} s: the loops should sleep at the same time (~0.2 s)"


def test_no_loops(exercise):
    assert timed(exercise.run_loops, [])[0] == []


def test_waiting_uses_no_cpu(exercise):
    _, wall, cpu = timed(exercise.run_loops, [0.3])
    assert cpu < 0.05, (f"your run_loops used {cpu:.2f} s of CPU in {wall:.2f} s while the loop "
                        f"slept: wait with join(), not a loop that keeps asking")

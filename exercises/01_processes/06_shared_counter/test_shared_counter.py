"""Quick self-checks for shared_counter.py (a few seconds).

Run: ``pytest exercises/01_processes/06_shared_counter``.  The grader checks
the same things more strictly (every start method, exact slices); passing
these is a good sign, not a guarantee.
"""
import multiprocessing

from conclab.slowvalue import SlowValue
from conclab.spy import SpyLog


def test_count_together_is_exact(exercise):
    assert exercise.count_together([1, 3], 1000) == 4000


def test_squares_together(exercise):
    assert exercise.squares_together(10, 3) == [i * i for i in range(10)]
    assert exercise.squares_together(7, 2) == [i * i for i in range(7)]


def test_add_loses_nothing_when_forced(exercise, tmp_path):
    # Two processes run your add on one counter whose reads pause a little,
    # so a missing lock loses updates every time (as in the grader).
    ctx = multiprocessing.get_context("fork")
    counter = SlowValue(ctx.Value("i", 0))
    log = SpyLog(tmp_path)
    add = log.spy(exercise.slug, "add", meet=2)
    procs = [ctx.Process(target=add, args=(counter, n, 50)) for n in (1, 3)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(10)
    errors = [c.error for c in log.calls() if c.error]
    assert not errors, f"add raised in a child process: {errors[0]}"
    assert counter.real_value == 200, (
        f"two processes added 1 and 3, 50 times each, and the counter ended at "
        f"{counter.real_value}, not 200: hold counter.get_lock() around `+=`")


def test_processes_run_at_the_same_time(exercise, tmp_path, monkeypatch):
    log = SpyLog(tmp_path)
    # Each add waits (up to 2 s) until add has started in 2 processes.
    monkeypatch.setattr(exercise.module, "add", log.spy(exercise.slug, "add", meet=2))
    assert exercise.count_together([1, 3], 10) == 40
    assert not log.gave_up() and len({c.pid for c in log.calls()}) == 2, (
        "the two processes did not run at the same time: start them all, then join them all")

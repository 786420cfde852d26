"""Quick self-checks for atomic_counter.py (a few seconds).

Run: ``pytest exercises/05_gil/03_atomic_counter``.  The grader checks the
same things more strictly (more shapes for ``read_modify_write``, every
value ``increment`` returns); passing these is a good sign, not a guarantee.
"""
import sys

from conclab import chaos
from conclab.interleave import call_with_timeout


def test_read_modify_write_of_unsafe_foo(exercise):
    add = "INPLACE_ADD" if sys.version_info < (3, 11) else "BINARY_OP"
    got = exercise.read_modify_write(exercise.unsafe_foo, "n")
    assert tuple(got) == ("LOAD_GLOBAL", add, "STORE_GLOBAL"), (
        f"read_modify_write(unsafe_foo, 'n') returned {got!r}; run `python -m dis` on "
        f"unsafe_foo (or dis.dis(unsafe_foo)) to see its instructions")


def test_counter_counts(exercise):
    c = exercise.AtomicCounter()
    assert c.increment() == 1
    assert c.increment(5) == 6
    assert c.value == 6
    assert exercise.AtomicCounter(10).value == 10


def test_foo_counts_in_threads(exercise):
    exercise.foo()  # once in this thread first: an error shows here, not lost in a thread
    assert call_with_timeout(exercise.run_foo, 8, 100, timeout=5) == 800


def test_no_update_lost_with_forced_switches(exercise):
    # Runs your file in a fresh process with thread switches forced inside
    # atomic_counter.py, as the grader does.
    exercise.foo()  # once here first: an unfinished function says so here
    exercise.AtomicCounter().increment()
    for call in ("run_foo", "run_counter"):
        result = chaos.run(exercise.path, call, [4, 250], rounds=3, timeout=6)
        problem = result.failure(f"{call}(4, 250)", timeout=6)
        assert not problem, problem
        assert result.values == [1000] * 3, (
            f"with forced thread switches {call}(4, 250) returned {result.values}: counts "
            f"were lost; hold a lock around the whole read-modify-write")

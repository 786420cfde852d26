"""Quick self-checks for release_gil.py (a second).

Run: ``pytest exercises/05_gil/04_release_gil``.  The grader checks the same
things more strictly (the exact number of threads, real parallel speedup on
two cores); passing these is a good sign, not a guarantee.
"""
import hashlib
import threading

from conclab.interleave import call_with_timeout

BLOCKS = [bytes([i]) * size for i, size in enumerate([100_000, 0, 3000, 5, 1 << 20])]


def test_digests_in_block_order(exercise):
    got = call_with_timeout(exercise.hash_in_threads, BLOCKS, 2, timeout=5)
    assert got == [hashlib.sha256(b).hexdigest() for b in BLOCKS]
    assert call_with_timeout(exercise.hash_in_threads, [], 2, timeout=5) == []


def test_threads_hash_at_the_same_time(exercise, monkeypatch):
    # Each digest() waits until 2 are running at once: only 2 threads that
    # both hash at the same time get through.
    barrier = threading.Barrier(2, timeout=2)
    real = exercise.digest

    def digest_with_barrier(block):
        barrier.wait()
        return real(block)

    monkeypatch.setattr(exercise.module, "digest", digest_with_barrier)
    blocks = [bytes([i]) * 50_000 for i in range(6)]
    got = call_with_timeout(exercise.hash_in_threads, blocks, 2, timeout=10)
    assert got == [hashlib.sha256(b).hexdigest() for b in blocks]
    assert not barrier.broken, (
        "two digest() calls never ran at the same time: start both threads before joining "
        "either, call the module's digest(), and hold no lock around it")

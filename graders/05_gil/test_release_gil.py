"""Hidden grader for release_gil: threads speed up C code that releases the GIL.

What is graded, and how it is observed:

- exact digests, in block order, for blocks of every size (below and above
  hashlib's 2048-byte threshold), any number of threads, no blocks at all;
- the module's ``digest`` is replaced by an instrumented one that records,
  per call, the thread, its start and end (``perf_counter``) and the CPU
  time its thread used (``thread_time``).  Structural checks, no clock
  needed: each call first waits at a :class:`conclab.interleave.Gate` until
  ``threads`` calls are inside ``digest`` at once -- threads started and
  joined one at a time, a lock around the hashing, or a serial loop can
  never fill it; the calls ran in this process (the stand-in refuses to be
  pickled: a process pool is caught), in ``threads`` threads other than the
  caller's;
- parallelism, last (``timing``): with no gate, real SHA-256 of 8 blocks of
  8 MiB (about 40 ms on one core); passed when the calls overlapped in >= 2
  threads and used more than 1.1 CPU-seconds per wall-second (one core gives
  at most 1.0).  Falling short, the same work in threads of the grader's own
  is the yardstick: only if those clearly do better is it a failure, else the
  machine is too busy and the test is skipped.  Skipped on one usable core.

Concurrency:
    Every call of the student's code runs on a helper thread with a deadline
    (:func:`conclab.interleave.call_with_timeout`).
"""
import hashlib
import os
import threading
import time
from dataclasses import dataclass

import pytest

from conclab import speedup
from conclab.interleave import Gate, StillRunning, call_with_timeout
from conclab.timeline import Interval, max_concurrency, overlap_time, render, span

GATE_TIMEOUT = 1.0     # s a call waits inside digest for the other threads
CALL_TIMEOUT = 8.0     # s for one call of hash_in_threads (correct: ~0.1 s at most)
BIG = 8 << 20          # bytes per block in the timing test
ATTEMPTS = 3           # student runs before looking for an excuse
REFERENCE_RUNS = 2     # our own runs, alternated with more student runs


def block(i, size):
    return bytes([i % 256]) * size


def sha(b):
    return hashlib.sha256(b).hexdigest()


@dataclass
class Call:
    thread: threading.Thread
    pid: int
    start: float
    end: float
    cpu: float
    size: int


class Digest:
    """Stands in for the module's ``digest``: real SHA-256, every call recorded.

    With a ``gate``, a call waits (before hashing) until the gate's number of
    calls are inside at once.  It cannot be pickled: code that sends it to
    another process gets a TypeError that says so.
    """

    def __init__(self, gate=None):
        self.gate = gate
        self.calls: list[Call] = []
        self.pickled = False
        self._lock = threading.Lock()

    def __call__(self, data):
        start, cpu = time.perf_counter(), time.thread_time()
        if self.gate is not None:
            self.gate.wait()
        result = hashlib.sha256(data).hexdigest()
        call = Call(threading.current_thread(), os.getpid(), start, time.perf_counter(),
                    time.thread_time() - cpu, len(data))
        with self._lock:
            self.calls.append(call)
        return result

    def __reduce__(self):
        self.pickled = True
        raise TypeError("the grader's digest cannot be sent to another process: "
                        "hash_in_threads must run it in threads of this process")

    def intervals(self):
        return [Interval(c.thread.name, c.start, c.end, f"{c.size} B") for c in self.calls]


def run(exercise, blocks, threads, stand_in=None):
    """``hash_in_threads(blocks, threads)`` with a deadline: (result, the caller thread)."""
    shown = f"hash_in_threads({len(blocks)} blocks, threads={threads})"
    student = exercise.hash_in_threads  # a missing function fails here, with its lesson
    caller = []

    def go():
        caller.append(threading.current_thread())
        return student(blocks, threads)

    try:
        return call_with_timeout(go, timeout=CALL_TIMEOUT, name="hash_in_threads"), caller[0]
    except StillRunning:
        pytest.fail(f"{shown} did not return within {CALL_TIMEOUT:g} s: a thread it waits for "
                    f"never ends (or a lock is never released)", pytrace=False)
    except NotImplementedError:
        raise
    except Exception as exc:  # noqa: BLE001 - explained
        if stand_in is not None and stand_in.pickled:
            pytest.fail(f"{shown} tried to send `digest` to another process (it pickled it): "
                        f"{exc}.\nProcesses would hash in parallel too, but this exercise is "
                        f"about threads: hashlib releases the GIL, so threads of one process "
                        f"hash on several cores without copying every block to a worker "
                        f"process and back.", pytrace=False)
        pytest.fail(f"{shown} raised {type(exc).__name__}: {exc}", pytrace=False)


def observe(exercise, monkeypatch, blocks, threads, gate=None):
    """Run with the instrumented ``digest``: (result, the stand-in, the caller thread)."""
    stand_in = Digest(gate)
    monkeypatch.setattr(exercise.module, "digest", stand_in)
    result, caller = run(exercise, blocks, threads, stand_in)
    if not stand_in.calls:
        pytest.fail(f"hash_in_threads({len(blocks)} blocks, threads={threads}) never called the "
                    f"module's `digest` in this process.\nCall `digest(block)` for each block, "
                    f"looked up by name when hash_in_threads runs: the grader swaps it for one "
                    f"that records which thread hashed what. (Hashing the blocks yourself in "
                    f"small pieces would not help either: hashlib keeps the GIL for pieces "
                    f"under 2048 bytes.)", pytrace=False)
    return result, stand_in, caller


# --- results -------------------------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.timeout(20)
@pytest.mark.parametrize("threads", [2, 3])
def test_digests_exact(exercise, threads):
    sizes = [100_000, 0, 2047, 2048, 5, 300_000, 64_000, 1, 4096, 1 << 20, 7]
    blocks = [block(i, size) for i, size in enumerate(sizes)]
    got, _ = run(exercise, blocks, threads)
    want = [sha(b) for b in blocks]
    if isinstance(got, list) and got == want:
        return
    shown = (f"hash_in_threads({len(blocks)} blocks of {sizes} bytes, threads={threads})")
    if not isinstance(got, list) or len(got) != len(want):
        pytest.fail(f"{shown} returned {got!r:.200}; expected a list of {len(want)} hex "
                    f"digests, digest(block) for each block, in block order", pytrace=False)
    wrong = [i for i, (g, w) in enumerate(zip(got, want)) if g != w]
    if sorted(got) == sorted(want):
        pytest.fail(f"{shown} returned the right digests in the wrong order (positions "
                    f"{wrong} differ). Results collected in the order the threads finish come "
                    f"out shuffled: write each into its block's position, or use executor.map, "
                    f"which keeps the order of its input.", pytrace=False)
    i = wrong[0]
    pytest.fail(f"{shown}: the digest at position {i} (a block of {sizes[i]} bytes) is "
                f"{got[i]!r}; expected {want[i]!r} = digest(blocks[{i}]). Each block must be "
                f"hashed whole, once, by the module's digest().", pytrace=False)


@pytest.mark.points(1)
@pytest.mark.timeout(20)
def test_edge_cases(exercise):
    for blocks, threads in [([], 2), ([block(1, 5000)], 4), ([block(2, 10), block(3, 9000)], 1)]:
        got, _ = run(exercise, blocks, threads)
        want = [sha(b) for b in blocks]
        assert got == want, (
            f"hash_in_threads({len(blocks)} block(s), threads={threads}) returned {got!r}; "
            f"expected {want!r}. No blocks give []; more threads than blocks, or one thread, "
            f"must still hash every block once.")


# --- what ran where ------------------------------------------------------------------

@pytest.mark.points(3)
@pytest.mark.timeout(20)
def test_threads_hash_at_the_same_time(exercise, monkeypatch):
    threads = 3
    gate = Gate(threads, GATE_TIMEOUT)
    blocks = [block(i, 64_000) for i in range(4 * threads)]
    _, stand_in, _ = observe(exercise, monkeypatch, blocks, threads, gate)
    intervals = stand_in.intervals()
    most = max_concurrency(intervals)
    assert not gate.broken and most >= threads, (
        f"hash_in_threads(12 blocks, threads={threads}) had at most {most} digest() call(s) "
        f"running at once; each call waited up to {GATE_TIMEOUT:g} s for {threads} to be "
        f"hashing together.\n{render(intervals)}\n"
        f"Start all {threads} threads before joining any (start one and join it at once, and "
        f"they run one after another), and do not hold a lock around digest(): hashlib needs "
        f"none, and a shared lock lets only one thread hash at a time -- exactly what the GIL "
        f"would have done.")


@pytest.mark.points(2)
@pytest.mark.timeout(20)
def test_runs_in_threads_of_this_process(exercise, monkeypatch):
    blocks = [block(i, 10_000) for i in range(6)]
    result, stand_in, caller = observe(exercise, monkeypatch, blocks, 2)
    in_caller = sum(c.thread is caller for c in stand_in.calls)
    assert len(stand_in.calls) == len(blocks) and result == [sha(b) for b in blocks], (
        f"hash_in_threads(6 blocks, threads=2) called digest {len(stand_in.calls)} time(s) in "
        f"this process; expected once per block, each digest in the returned list.")
    assert not in_caller, (
        f"{in_caller} of the 6 blocks were hashed by the thread that called hash_in_threads "
        f"itself: start new threads (threading.Thread, ThreadPoolExecutor) and hash the "
        f"blocks in them, while the caller only waits for them.")


@pytest.mark.points(1)
@pytest.mark.timeout(20)
def test_uses_the_requested_threads(exercise, monkeypatch):
    threads = 3
    gate = Gate(threads, GATE_TIMEOUT)  # a thread at the gate can't take a second block
    blocks = [block(i, 20_000) for i in range(4 * threads)]
    _, stand_in, caller = observe(exercise, monkeypatch, blocks, threads, gate)
    used = {c.thread for c in stand_in.calls} - {caller}
    assert len(used) == threads, (
        f"hash_in_threads(12 blocks, threads={threads}) hashed in {len(used)} thread(s); "
        f"expected exactly {threads}:\n{render(stand_in.intervals())}\n"
        f"`threads` is how many threads hash at once: ThreadPoolExecutor(max_workers=threads), "
        f"or {threads} threading.Threads sharing the blocks -- not one thread per block.")


# --- parallel speedup ------------------------------------------------------------------

@dataclass
class Evidence:
    calls: list

    @property
    def intervals(self):
        return [Interval(c.thread.name, c.start, c.end, f"{c.size} B") for c in self.calls]

    @property
    def wall(self):
        return span(self.intervals)

    @property
    def ratio(self):
        return sum(c.cpu for c in self.calls) / self.wall if self.wall > 0 else 0.0

    @property
    def overlapped(self):
        return self.wall > 0 and overlap_time(self.intervals) >= speedup.MIN_OVERLAP * self.wall

    def numbers(self):
        return (f"{len(self.calls)} digest() calls in {len({c.thread for c in self.calls})} "
                f"thread(s), {overlap_time(self.intervals) * 1000:.0f} of {self.wall * 1000:.0f} "
                f"ms with >= 2 threads hashing, {self.ratio:.2f} CPU-seconds per second")


def reference_ratio(blocks, threads):
    """The same hashing in ``threads`` plain threads of the grader's own."""
    stand_in = Digest()
    parts = [blocks[i::threads] for i in range(threads)]
    workers = [threading.Thread(target=lambda part=part: [stand_in(b) for b in part])
               for part in parts]
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    return Evidence(stand_in.calls).ratio


@pytest.fixture(scope="module")
def big_blocks():
    return [block(i, BIG) for i in range(8)]


@pytest.mark.points(3)
@pytest.mark.timing
@pytest.mark.timeout(60)
def test_threads_speed_up_hashing(exercise, monkeypatch, big_blocks):
    if reason := speedup.skip_reason(2):
        pytest.skip(reason)
    threads = 2
    need = speedup.threshold(threads)
    seen = []

    def attempt():
        _, stand_in, _ = observe(exercise, monkeypatch, big_blocks, threads)
        seen.append(Evidence(stand_in.calls))
        return seen[-1].overlapped and seen[-1].ratio >= need

    for _ in range(ATTEMPTS):
        if attempt():
            return
    best = max(seen, key=lambda e: (e.overlapped, e.ratio))
    assert best.overlapped, (
        f"{best.numbers()}: the threads hashed one after another.\n{render(best.intervals)}\n"
        f"Start every thread before joining any, with no lock around digest().")
    refs = []
    for _ in range(REFERENCE_RUNS):
        refs.append(reference_ratio(big_blocks, threads))
        if attempt():
            return
    best = max(seen, key=lambda e: (e.overlapped, e.ratio))
    if min(refs) < need or best.ratio > min(refs) - speedup.REFERENCE_MARGIN:
        pytest.skip(f"the machine is too busy to measure a speedup right now (your threads "
                    f"reached {best.ratio:.2f} CPU-seconds per second; the grader's own "
                    f"{threads} threads reached {', '.join(f'{r:.2f}' for r in refs)}); "
                    f"not graded")
    pytest.fail(f"{best.numbers()}; the grader's own {threads} threads hashing the same blocks "
                f"reached {', '.join(f'{r:.2f}' for r in refs)} CPU-seconds per second.\n"
                f"{render(best.intervals)}\n"
                f"Expected: the 8 blocks hashed by {threads} threads on {threads} cores at once, "
                f"more than {need:.2f} CPU-seconds per second (one core gives at most 1.0).",
                pytrace=False)

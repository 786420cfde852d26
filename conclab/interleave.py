"""Force thread interleavings in graders, and record what ran when.

A grader must not hope that the student's threads happen to overlap: it
forces the interleaving it wants to check (trio's ``Sequencer`` idea).  It
wraps one of the student's functions so that each thread stops at a
:class:`Gate` until every thread has arrived.  Code that runs its threads one
after another can never fill the gate: the gate gives up after a timeout, the
test fails with a picture of what ran when (:func:`conclab.timeline.render`)
instead of hanging, and the threads go on.

Concurrency:
    :meth:`Gate.wait` blocks the calling thread until ``parties`` threads wait
    at once, or ``timeout`` seconds pass.  After a timeout the gate stays
    open for good, so a serial submission costs one timeout, not one per
    thread.  :func:`run_threads` and :func:`call_with_timeout` start daemon
    threads and wait for them at most ``timeout`` seconds: a thread that never
    ends is reported (and left behind, daemonic, for the test plugin) instead
    of blocking the test.
"""
from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Sequence

from conclab.timeline import Interval


class StillRunning(AssertionError):
    """Code under test did not finish in time (an assertion: the test fails, with this message)."""


class Gate:
    """A barrier with a timeout that remembers whether it ever filled.

    Args:
        parties: how many threads must wait at once for the gate to open.
        timeout: seconds the first waiter waits for the others.
    """

    def __init__(self, parties: int, timeout: float = 1.0):
        self.parties = parties
        self.timeout = timeout
        self._barrier = threading.Barrier(parties)
        self._lock = threading.Lock()
        self._waiting = 0
        self.most_waiting = 0   # the most threads ever waiting here at once
        self.opened = False     # True once all parties met

    def wait(self) -> bool:
        """Wait for the other parties; True if they all came, False on timeout."""
        with self._lock:
            self._waiting += 1
            self.most_waiting = max(self.most_waiting, self._waiting)
        try:
            self._barrier.wait(self.timeout)
        except threading.BrokenBarrierError:
            return False
        else:
            self.opened = True
            return True
        finally:
            with self._lock:
                self._waiting -= 1

    @property
    def broken(self) -> bool:
        """True once a waiter timed out (and everyone passes from then on)."""
        return self._barrier.broken


class Recorder:
    """Thread-safe list of :class:`Interval`, one per recorded call.

    ``worker`` is the name of the thread that made the call: what a student
    sees in their own ``threading.current_thread().name``.
    """

    def __init__(self, clock: Callable[[], float] = time.perf_counter):
        self.clock = clock
        self.intervals: list[Interval] = []
        self._lock = threading.Lock()

    @contextmanager
    def record(self, label: str = "") -> Iterator[None]:
        start = self.clock()
        try:
            yield
        finally:
            end = self.clock()
            with self._lock:
                self.intervals.append(Interval(threading.current_thread().name, start, end, label))


@dataclass
class ThreadResult:
    """How one thread started by :func:`run_threads` ended."""
    name: str
    value: Any = None
    error: BaseException | None = None
    finished: bool = False
    thread: threading.Thread | None = field(default=None, repr=False)


def run_threads(fn: Callable, args_list: Sequence[tuple], names: Sequence[str],
                timeout: float = 3.0) -> list[ThreadResult]:
    """Run ``fn(*args)`` for each ``args`` in its own daemon thread, all at once.

    Every thread is started before any is waited for.  Exceptions are caught
    and returned, not raised.  Two threads may share a name (useful to show
    that code does not tell threads apart by name).

    Returns:
        One :class:`ThreadResult` per thread, in ``args_list`` order;
        ``finished`` is False for a thread still running after ``timeout``.
    """
    results = [ThreadResult(name) for name in names]

    def body(result: ThreadResult, args: tuple) -> None:
        try:
            result.value = fn(*args)
        except BaseException as exc:  # noqa: BLE001 - reported to the grader
            result.error = exc
        finally:
            result.finished = True

    threads = [threading.Thread(target=body, args=(r, a), name=r.name, daemon=True)
               for r, a in zip(results, args_list)]
    for result, thread in zip(results, threads):
        result.thread = thread
        thread.start()
    deadline = time.monotonic() + timeout
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    return results


def call_with_timeout(fn: Callable, *args, timeout: float = 3.0, name: str | None = None):
    """``fn(*args)`` run in a daemon thread; its value, or its exception re-raised.

    Raises:
        StillRunning: it had not returned after ``timeout`` seconds.
    """
    label = name or getattr(fn, "__name__", "the function")
    [result] = run_threads(fn, [args], [f"conclab-call-{label}"], timeout)
    if not result.finished:
        raise StillRunning(f"{label}() did not return within {timeout:g} s: "
                           f"a thread it waits for (join) may never end")
    if result.error is not None:
        raise result.error
    return result.value

"""Two threads count down no faster than one; two processes do: the GIL, measured.

The seed's story: ``CountDown(n)`` counts ``n`` down to 0, nothing but
Python bytecode.  Split over two threads (``n // 2`` each) it takes as long
as in one thread, or longer.  The reason is CPython's global interpreter
lock (GIL): a thread must hold it to run Python bytecode, and there is one
per interpreter, so the threads of one process take turns on one core.
CPython's memory management (reference counts on every object) and many C
libraries rely on it; a process of its own brings an interpreter of its own,
with its own GIL, so two processes count on two cores at once.

How often do threads take turns?  The seed says every "15 ms"; it is
**5 ms**: ``sys.getswitchinterval()`` returns ``0.005``.  A thread that
wants the GIL asks for it, and the running thread hands it over once it has
run for that long (Python 2 instead counted 100 "ticks" of bytecode, the
``check_interval`` of old notes).  A thread that waits for I/O or sleeps
releases the GIL at once, which is why threads do help with downloads.

Wall time alone does not show *why* two threads are slow.  CPU time does:
``time.thread_time()`` counts the CPU used by the calling thread only.  Two
threads that really ran in parallel would use 2 CPU-seconds per second of
wall time; two threads under the GIL use at most 1 between them.  (Don't
use ``time.process_time()`` inside a thread: it counts *every* thread of the
process, so each thread would report the other's work as its own.)

Run it with ``python gil_countdown.py``.  (A free-threaded build,
``python3.13t``/``python3.14t``, has no GIL: there the threads reach ~2 too.)
"""
import multiprocessing
import os
import queue
import sys
import threading
import time
from typing import List, NamedTuple

N = 20_000_000   # the seed counts 100_000_000; this is about half a second of work


def countdown(n):
    """The seed's ``CountDown``: count ``n`` down to 0.

    Concurrency:
        Pure Python bytecode: the thread running it holds the GIL except
        when the interpreter makes it hand the GIL to a waiting thread
        (every ``sys.getswitchinterval()`` seconds).
    """
    while n > 0:
        n -= 1


class Run(NamedTuple):
    """What one worker observed about its own countdown."""
    n: int          # how far it counted
    pid: int        # os.getpid() of the process it ran in
    thread: str     # threading.current_thread().name
    start: float    # time.perf_counter() just before countdown(n)
    end: float      # time.perf_counter() just after
    cpu: float      # CPU seconds this thread used for it: time.thread_time()


class Report(NamedTuple):
    """What a run of countdown split over several workers showed."""
    wall: float     # seconds from before the first worker started to after the last result
    runs: List[Run]  # one Run per worker

    @property
    def cpu(self):
        """CPU seconds used by all the workers together."""
        return sum(run.cpu for run in self.runs)

    @property
    def cpu_per_second(self):
        """CPU seconds per second of wall time: about how many cores were busy."""
        return self.cpu / self.wall if self.wall > 0 else 0.0


def switch_interval_ms():
    """How often the interpreter makes a thread hand over the GIL, in milliseconds.

    Returns:
        The current switch interval in ms as a float: 5.0 by default.
        Another value if someone changed it with ``sys.setswitchinterval``.

    Concurrency:
        Only reads the setting; changing it would change how every thread
        of the process takes turns.
    """
    ### BEGIN SOLUTION
    # Read it, don't remember it: the seed's "15 ms" was never right for
    # Python 3, and a program may have changed it.
    return sys.getswitchinterval() * 1000
    ### END SOLUTION


def timed_countdown(n):
    """Run ``countdown(n)`` here and report where, when and at what CPU cost.

    Returns:
        ``Run(n, pid, thread, start, end, cpu)``: this process's pid, this
        thread's name, ``time.perf_counter()`` just before and just after
        ``countdown(n)``, and the CPU seconds *this thread* used for it
        (``time.thread_time()`` after minus before).

    Concurrency:
        Runs in a worker thread or a worker process.  Measures only its own
        thread: other threads running at the same time must not count.
    """
    ### BEGIN SOLUTION
    start = time.perf_counter()
    # thread_time(), not process_time(): the latter adds up the CPU of every
    # thread in the process, so each thread would count its neighbour's work.
    cpu0 = time.thread_time()
    countdown(n)
    cpu = time.thread_time() - cpu0
    end = time.perf_counter()
    return Run(n, os.getpid(), threading.current_thread().name, start, end, cpu)
    ### END SOLUTION


def report_countdown(n, q):
    """Put ``timed_countdown(n)`` on the queue ``q``: a worker's target.

    Concurrency:
        Runs in a worker thread (``q`` a ``queue.Queue``) or a worker
        process (``q`` a ``multiprocessing.Queue``).  A thread's or a
        process's target cannot return a value, so the ``Run`` travels back
        through the queue.  Defined at module level so that a process
        started with "spawn" or "forkserver" can import it.
    """
    q.put(timed_countdown(n))


def in_threads(n):
    """Count ``n`` down in two halves, in two threads of this process at once.

    Args:
        n: how far to count in all; the halves are ``n // 2`` and
            ``n - n // 2`` (together exactly ``n``, also when ``n`` is odd).

    Returns:
        ``Report(wall, runs)``: the seconds from before the threads started
        to after both had finished, and the two threads' ``Run``s from
        ``timed_countdown``.

    Concurrency:
        Two ``threading.Thread``s run ``timed_countdown`` at the same time:
        both are started before either is joined.  With the GIL they take
        turns, so ``cpu_per_second`` stays at about 1.
    """
    ### BEGIN SOLUTION
    q = queue.Queue()
    threads = [threading.Thread(target=report_countdown, args=(half, q))
               for half in (n // 2, n - n // 2)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - start
    return Report(wall, [q.get() for _ in threads])
    ### END SOLUTION


def in_processes(n):
    """Count ``n`` down in two halves, in two processes at once.

    Args:
        n: how far to count in all; the halves are ``n // 2`` and
            ``n - n // 2``.

    Returns:
        ``Report(wall, runs)``: the seconds from before the processes
        started to after both results were in, and the two ``Run``s that
        ``timed_countdown`` returned in the worker processes.

    Concurrency:
        Two ``multiprocessing.Process``es run ``timed_countdown`` at the
        same time, each with its own GIL: on two free cores
        ``cpu_per_second`` approaches 2.  The results are read before the
        processes are joined; when it returns, the processes have exited.
    """
    ### BEGIN SOLUTION
    q = multiprocessing.Queue()
    procs = [multiprocessing.Process(target=report_countdown, args=(half, q))
             for half in (n // 2, n - n // 2)]
    start = time.perf_counter()
    for p in procs:
        p.start()
    # get() before join(): a process cannot exit while what it put on the
    # queue is still waiting in the pipe.
    runs = [q.get() for _ in procs]
    wall = time.perf_counter() - start
    for p in procs:
        p.join()
    return Report(wall, runs)
    ### END SOLUTION


def show(label, report):
    print(f"{label:>12}: {report.wall:.2f} s wall, {report.cpu:.2f} s CPU, "
          f"{report.cpu_per_second:.2f} CPU-s per s, in "
          + ", ".join(f"pid {r.pid} {r.thread}" for r in report.runs))


if __name__ == "__main__":
    print(f"switch interval: {switch_interval_ms():g} ms")
    start, cpu0 = time.perf_counter(), time.thread_time()
    countdown(N)
    print(f"{'one thread':>12}: {time.perf_counter() - start:.2f} s wall, "
          f"{time.thread_time() - cpu0:.2f} s CPU")
    show("2 threads", in_threads(N))
    show("2 processes", in_processes(N))

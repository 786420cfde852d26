"""Processes against threads for CPU-bound work: the seed's 效率对比.

The seed's story: ``job`` adds up ``i + i**2 + i**3`` for a million ``i`` —
pure Python arithmetic that keeps a CPU core busy and never waits for
anything.  The seed runs that work three ways and times each:

- ``normal``: one piece after the other, in the main thread;
- ``multithread``: two threads, one piece each;
- ``multicore``: two processes, one piece each.

In the usual CPython build, only one thread of a process runs Python code at
a time (the GIL, global interpreter lock), so two threads take as long as
one after the other, or a little longer.  Each process has its own
interpreter and its own GIL: two processes run on two cores at once and
finish in about half the time.  (A free-threaded build, ``python3.13t`` or
``python3.14t``, has no GIL: there the threads speed up too.)

Here the work is split in two halves of ``range(n)``, so all three versions
compute the same number, ``work(0, n)``, and the timings compare the same
amount of work.

A thread's or a process's target cannot return a value, so results come
back through a queue.  The seed starts both processes, **joins them, then**
reads the queue.  That works for small results and deadlocks for big ones:
``Queue.put`` hands the data to a feeder thread that writes it into a pipe,
a pipe holds only about 64 KiB until someone reads it, and a process does
not end until its feeder thread has written everything.  The parent waits
in ``join()`` for a child that waits for the parent to read: neither moves.
So: ``get()`` every result first, then ``join()``.

Run it with ``python process_vs_thread.py``.  The ``if __name__ ==
"__main__":`` guard matters: under the "spawn" and "forkserver" start
methods each child process imports this file to find ``job``.
"""
import multiprocessing
import queue
import threading
import time

N = 4_000_000   # the seed used 1_000_000; four times that makes the difference easy to see


def work(lo, hi):
    """The seed's loop: ``sum(i + i**2 + i**3 for i in range(lo, hi))``.

    Concurrency:
        CPU-bound pure Python: the thread running it holds the GIL the
        whole time (apart from the switches the interpreter forces every
        5 ms to let other threads take turns).
    """
    res = 0
    for i in range(lo, hi):
        res += i + i ** 2 + i ** 3
    return res


def job(lo, hi, q):
    """Put ``work(lo, hi)`` on the queue ``q``: the target of a thread or process.

    Concurrency:
        Runs in a worker thread (``q`` a ``queue.Queue``) or a worker process
        (``q`` a ``multiprocessing.Queue``).  It is defined at module level
        so that a process started with "spawn" or "forkserver" can import it.
    """
    q.put(work(lo, hi))


def normal(n):
    """``work(0, n)``, in two halves computed one after the other, in this thread.

    Args:
        n: the size of the range (0 or more).

    Returns:
        ``work(0, n)``: the two halves ``work(0, n // 2)`` and
        ``work(n // 2, n)``, added up.

    Concurrency:
        None: no thread or process is started; it all runs in the caller's
        thread.
    """
    ### BEGIN SOLUTION
    mid = n // 2
    return work(0, mid) + work(mid, n)
    ### END SOLUTION


def multithread(n):
    """``work(0, n)``, the two halves computed by two threads at the same time.

    Args:
        n: the size of the range (0 or more).

    Returns:
        ``work(0, n)``, the sum of the two results the threads put on a
        queue.

    Concurrency:
        Two ``threading.Thread``s of this process, one per half, each
        running ``job(lo, hi, q)``; both are started before either is
        joined.  When it returns, both threads have ended.  With the GIL
        they take turns on one core: no faster than ``normal``.
    """
    ### BEGIN SOLUTION
    # Threads share memory: a plain queue.Queue is all they need.
    q = queue.Queue()
    mid = n // 2
    threads = [threading.Thread(target=job, args=(0, mid, q)),
               threading.Thread(target=job, args=(mid, n, q))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # Joining first is fine here: a queue.Queue has no pipe to fill up.
    return q.get() + q.get()
    ### END SOLUTION


def multicore(n):
    """``work(0, n)``, the two halves computed by two processes at the same time.

    Args:
        n: the size of the range (0 or more).

    Returns:
        ``work(0, n)``, the sum of the two results the processes put on a
        ``multiprocessing.Queue``.

    Concurrency:
        Two ``multiprocessing.Process``es, one per half, each running
        ``job(lo, hi, q)``; both are started before either is waited for,
        so they run on two cores at once.  Every result is read from the
        queue *before* the processes are joined (a process cannot end
        until the data it put has been read, when there is much of it).
        When it returns, both processes have ended.
    """
    ### BEGIN SOLUTION
    # Processes share no memory: the results travel through a pipe, pickled.
    q = multiprocessing.Queue()
    mid = n // 2
    procs = [multiprocessing.Process(target=job, args=(0, mid, q)),
             multiprocessing.Process(target=job, args=(mid, n, q))]
    for p in procs:
        p.start()
    # get() before join(): a child whose result is still in the pipe cannot
    # exit, so joining it first would wait forever for a big result.
    total = q.get() + q.get()
    for p in procs:
        p.join()
    return total
    ### END SOLUTION


def compare(n=N):
    """The seed's demo: run the three versions, print each result and its time."""
    for version in (normal, multithread, multicore):
        start = time.perf_counter()
        result = version(n)
        print(f"{version.__name__:>11}: {result}  {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    compare()

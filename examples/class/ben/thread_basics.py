# Your file: write your solution here. (Generated from solutions/02_threads/thread_basics.py by `conclab build`; course maintainers edit that file instead.)
"""Threads that sleep at the same time: from Python 2's ``thread`` to ``threading``.

The seed's story: two loops sleep 4 s and 2 s.  One after the other they
take 6 s; each in a thread of its own they sleep at the same time, and the
program is done after 4 s, the longest sleep.

The seed's first version uses Python 2's ``thread`` module (``_thread`` in
Python 3).  ``thread.start_new_thread`` starts a bare thread that has no
``join()``, so the seed hands each loop a lock, acquired beforehand and
released by the loop when it ends, and waits with::

    while locks[i].locked():
        pass

That is a busy-wait: the main thread asks "done yet?" millions of times a
second and keeps a CPU core at 100 % for the whole 4 s, only to notice that a
lock was released.  ``threading`` does it properly: ``Thread.join()`` blocks
the caller, using no CPU, until the thread has ended.  (Inside, CPython's
``join`` waits on a lock that the thread releases as it ends — the seed's
idea, with a blocking ``acquire`` instead of a spinning ``locked()``.)

The seed's second example names a thread ``LoopThread`` and asks
``threading.current_thread().name`` inside it.  Every thread has a name: the
main thread's is ``MainThread``, an unnamed one gets ``Thread-1``,
``Thread-2 (loop)``, ...  Names are what shows up in logs and tracebacks.

Run it with ``python thread_basics.py``.
"""
import threading
import time

LOOPS = [4, 2]   # the seed's two sleeps, in seconds


def loop(nloop, nsec):
    """One of the seed's loops: sleep ``nsec`` seconds, saying when it starts and ends.

    Args:
        nloop: the loop's number, for the messages.
        nsec: seconds to sleep.

    Returns:
        ``'loop <nloop> slept <nsec> s in <thread name>'``, naming the thread
        that ran it.

    Concurrency:
        Blocks the thread that calls it for ``nsec`` seconds without using
        CPU: ``time.sleep`` lets other threads run meanwhile.
    """
    name = threading.current_thread().name
    print(f"{name}: starting loop {nloop} at {time.ctime()}")
    time.sleep(nsec)
    print(f"{name}: loop {nloop} done at {time.ctime()}")
    return f"loop {nloop} slept {nsec} s in {name}"


def count_up(n=5, pause=1.0):
    """The seed's ``loop1``: count to ``n``, a step every ``pause`` seconds.

    Returns:
        The lines it printed, each naming the thread that ran it, e.g.
        ``['thread LoopThread is running...', 'thread LoopThread >>> 1', ...,
        'thread LoopThread ended.']``.
    """
    name = threading.current_thread().name
    lines = []

    def say(line):
        lines.append(line)
        print(line)

    say(f"thread {name} is running...")
    for i in range(1, n + 1):
        say(f"thread {name} >>> {i}")
        time.sleep(pause)
    say(f"thread {name} ended.")
    return lines


def run_in_thread(func, name):
    """Call ``func()`` in a new thread named ``name``; return what it returned.

    Args:
        func: a function of no arguments (it is not expected to raise).
        name: the new thread's name, e.g. ``'LoopThread'``.

    Returns:
        The value ``func()`` returned in that thread.

    Concurrency:
        ``func`` runs in a new thread, never in the caller's.  The caller
        waits until that thread has ended, with ``join()``: blocked, using
        no CPU while it waits (never a loop that keeps asking whether the
        thread is done).
    """
    # YOUR CODE HERE
    raise NotImplementedError


def run_loops(loops):
    """Run ``loop(i, loops[i])`` for every ``i``, each in its own thread, all at once.

    Thread ``i`` is named ``'LoopThread-<i>'``.

    Args:
        loops: seconds each loop sleeps, e.g. the seed's ``[4, 2]``.

    Returns:
        What each ``loop(i, loops[i])`` returned, in the order of ``i``
        (``[]`` for no loops).

    Concurrency:
        Every thread is started before any is waited for, so all the loops
        sleep at the same time and the call takes about ``max(loops)``
        seconds, not ``sum(loops)``.  Then it joins every thread: when it
        returns, every loop has ended.  While it waits it uses no CPU.
    """
    # YOUR CODE HERE
    raise NotImplementedError


def main():
    """The seed's two demos: the loops in threads, then one thread named LoopThread."""
    print(f"starting at: {time.ctime()}")
    start = time.perf_counter()
    for line in run_loops(LOOPS):
        print(line)
    print(f"all DONE at: {time.ctime()}, after {time.perf_counter() - start:.1f} s "
          f"(the loops sleep {sum(LOOPS)} s in all)")

    print(f"thread {threading.current_thread().name} is running...")
    run_in_thread(lambda: count_up(5, 0.2), "LoopThread")
    print(f"thread {threading.current_thread().name} ended.")


if __name__ == "__main__":
    main()

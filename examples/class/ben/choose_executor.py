# Your file: write your solution here. (Generated from solutions/05_gil/choose_executor.py by `conclab build`; course maintainers edit that file instead.)
"""Pick the executor that fits the work: threads for I/O, processes for CPU.

The seed's story (多线程 vs Asyncio): ``cpu_bound(number)`` sums the squares
below ``number``; ``calculate_sums`` does it for 20 numbers one after another,
and ``find_sums`` hands them to ``multiprocessing.Pool().map`` instead, which
is several times faster on a machine with several cores.  The seed's rule of
thumb is right:

- **I/O-bound** work (waiting for the network or the disk) leaves the CPU
  idle.  A blocked thread releases the GIL while it waits, so a few threads
  (or asyncio, for thousands of waits) overlap the waiting.  Processes would
  work too, but each one costs milliseconds to start, and everything it gets
  or returns must be pickled.
- **CPU-bound** work (computing in Python) needs the interpreter the whole
  time.  Threads of one process share one GIL and take turns; only separate
  processes, each with its own interpreter and GIL, compute at the same
  time on different cores.

Both batch functions here take the function to run as an argument, so the
same code serves any job: ``fetch_all`` and ``find_sums`` at the bottom are
the seed's two workloads.

Run it with ``python choose_executor.py``: it times both workloads done the
right way and the wrong way round.  Keep the ``if __name__ == "__main__":``
guard: under the "spawn" and "forkserver" start methods each worker process
imports this file.
"""
import concurrent.futures
import time


def cpu_bound(number):
    """The seed's CPU-bound job: the sum of ``i * i`` for ``i`` below ``number``.

    Concurrency:
        Pure Python: it holds the GIL the whole time it runs.  Defined at
        module level, so a process pool can pickle it (by module and name).
    """
    return sum(i * i for i in range(number))


def fetch(url):
    """A stand-in for downloading ``url``: wait 50 ms, return a fake page.

    Concurrency:
        ``time.sleep`` blocks this thread only and releases the GIL while it
        waits, like a socket read does: other threads run meanwhile.
    """
    time.sleep(0.05)
    return f"<html>{url}</html>"


def run_io_batch(fn, items, workers=8):
    """Return ``[fn(item) for item in items]``, overlapping the calls in threads.

    Args:
        fn: any callable taking one item; it spends its time waiting (I/O).
            It need not be picklable: it stays in this process.
        items: the inputs (a list; may be empty).
        workers: the most calls in flight at once.

    Returns:
        The results in the order of ``items``, whatever order the calls
        finish in.

    Concurrency:
        Runs ``fn`` in up to ``workers`` threads of this process at the same
        time -- exactly ``workers`` at once while enough items are left -- and
        blocks until every call has returned.  No other process is started.
    """
    # YOUR CODE HERE
    raise NotImplementedError


def run_cpu_batch(fn, items, workers=2):
    """Return ``[fn(item) for item in items]``, computed by ``workers`` worker processes.

    Args:
        fn: a module-level function (or another picklable callable) taking
            one item; it computes in Python, holding the GIL.
        items: the inputs (a list; may be empty).
        workers: how many worker processes compute at once -- exactly this
            many.

    Returns:
        The results in the order of ``items``.

    Concurrency:
        ``workers`` processes, each with its own interpreter and GIL, run
        ``fn`` at the same time on different cores.  ``fn`` and the items
        travel to them pickled, so ``fn`` must be defined at module level
        (no lambda, no nested function).  Works under the "fork",
        "forkserver" and "spawn" start methods.  When this returns, every
        worker process has exited.
    """
    # YOUR CODE HERE
    raise NotImplementedError


def fetch_all(urls, workers=8):
    """The I/O-bound workload: download every url, with threads."""
    return run_io_batch(fetch, urls, workers)


def find_sums(numbers, workers=2):
    """The seed's CPU-bound workload: ``cpu_bound`` of every number, in processes."""
    return run_cpu_batch(cpu_bound, numbers, workers)


def _timed(label, call):
    start = time.perf_counter()
    call()
    print(f"{label:<44} {time.perf_counter() - start:6.2f} s")


if __name__ == "__main__":
    urls = [f"https://example.com/{i}" for i in range(16)]
    numbers = [2_000_000 + x for x in range(8)]
    _timed("16 downloads, one after another", lambda: [fetch(u) for u in urls])
    _timed("16 downloads, 8 threads (run_io_batch)", lambda: fetch_all(urls))
    _timed("16 downloads, 8 processes (wrong tool)", lambda: run_cpu_batch(fetch, urls, 8))
    _timed("8 sums, one after another", lambda: [cpu_bound(n) for n in numbers])
    _timed("8 sums, 2 threads (wrong tool: one GIL)", lambda: run_io_batch(cpu_bound, numbers, 2))
    _timed("8 sums, 2 processes (run_cpu_batch)", lambda: find_sums(numbers))

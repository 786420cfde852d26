# Your file: write your solution here. (Generated from solutions/01_processes/cpu_speedup.py by `conclab build`; course maintainers edit that file instead.)
"""CPU-bound work, really in parallel: sums of squares on several cores.

The seed's story (多进程): ``cpu_bound(number)`` sums the squares below
``number`` — pure Python arithmetic, no waiting.  ``find_sums(numbers)``
hands 20 such jobs to ``multiprocessing.Pool().map`` and the notes time it.

What this file fixes in the seed:

- ``find_sums`` threw away what ``pool.map`` returned.  The point of the
  work is the sums: return them, in the order of ``numbers``.
- The notes say "多进程并不会提升效率" — more processes don't make it faster,
  often slower than threads.  For CPU-bound work it is the other way round:
  in CPython's usual build only one thread of a process runs Python code at
  a time (the GIL), so threads take turns on one core; worker *processes*
  each have their own interpreter and run on different cores at once.  Run
  this file to see it (the demo at the bottom times all three).  Processes
  do cost something to start and to send data to, so they pay off when each
  job is big compared with that (milliseconds, not microseconds).
- ``Pool()`` starts one worker per CPU of the *machine*, which in a
  container or under ``taskset`` may be more than the process may use.
  ``find_sums`` takes the number of worker processes instead.
- Timing with ``time.time()`` (the wall clock, which can jump): use
  ``time.perf_counter()``.

Run it with ``python cpu_speedup.py``.
"""
import multiprocessing
import time
from concurrent.futures import ThreadPoolExecutor


def cpu_bound(number):
    """Return ``sum(i * i for i in range(number))``.

    Concurrency:
        Pure Python computation: it holds the GIL the whole time, so two
        threads of one process cannot run it at the same time; two processes
        can.  Runs inside a worker process, which finds it by module and name.
    """
    return sum(i * i for i in range(number))


def find_sums(numbers, processes=2):
    """Return ``[cpu_bound(n) for n in numbers]``, computed in parallel by worker processes.

    Args:
        numbers: the inputs (a list; may be empty).
        processes: how many worker processes — exactly this many.

    Returns:
        The sums, in the order of ``numbers``.

    Concurrency:
        ``processes`` worker processes run ``cpu_bound`` at the same time, on
        different cores when the machine has them.  Either a
        ``multiprocessing.Pool`` or a
        ``concurrent.futures.ProcessPoolExecutor`` does it; threads
        (``ThreadPoolExecutor``) do not, because of the GIL.  When this
        returns, every worker process has exited.
    """
    # YOUR CODE HERE
    raise NotImplementedError


def timed(fn, *args):
    """``(seconds, result)`` of ``fn(*args)``, timed with ``perf_counter``."""
    start = time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - start, result


def find_sums_serial(numbers):
    return [cpu_bound(n) for n in numbers]


def find_sums_threads(numbers, workers=2):
    with ThreadPoolExecutor(max_workers=workers) as executor:
        return list(executor.map(cpu_bound, numbers))


if __name__ == "__main__":
    numbers = [2_000_000 + x for x in range(8)]
    serial, expected = timed(find_sums_serial, numbers)
    print(f"one after another:         {serial:.2f} s")
    threads, result = timed(find_sums_threads, numbers)
    assert result == expected
    print(f"2 threads (one GIL):       {threads:.2f} s")
    parallel, result = timed(find_sums, numbers)
    assert result == expected
    # About 2x on two idle cores; less when other programs keep the CPU busy.
    print(f"2 worker processes:        {parallel:.2f} s  (speedup {serial / parallel:.1f}x)")

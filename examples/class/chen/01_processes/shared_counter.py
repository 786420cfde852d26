"""Processes that share memory: a counter in a ``Value``, squares in an ``Array``.

The seed's story (共享内存 and 进程锁): processes do not share variables —
each has its own copy of everything — so ``multiprocessing`` puts a few
numbers in *shared memory* for them: ``Value('i', 0)`` is one C int,
``Array('i', n)`` a fixed-size row of them.  Two processes then add to one
``Value`` at the same time (``v.value += num``), and the total comes out
wrong: ``+=`` reads, adds and writes back, and a write by the other process
in between is lost.  The fix is a lock around the whole read-modify-write.

What this file fixes in the seed:

- The seed adds without any lock, then with a separate ``mp.Lock()`` held
  around the *whole* loop.  That is correct, but it runs the processes one
  after another.  Every synchronized ``Value`` already carries a lock,
  ``counter.get_lock()``: holding it around each ``+=`` is enough.
- The seed sleeps 0.1 s per step so that its processes overlap; without the
  sleep they would often not overlap at all and the race would hide.  The
  grader makes the race show up every time instead (see
  ``conclab/slowvalue.py``).
- ``if __name__ == "__main__":`` is commented out in the seed; it is required
  under the "spawn" and "forkserver" start methods, where every child
  imports this file.
- ``Value`` and ``Array`` reach the children as ``Process`` arguments.  That
  works under every start method; a module-level ``Value`` or ``Lock`` does
  not (a spawned child imports the module again and makes its own).

Run it with ``python shared_counter.py``.
"""
import multiprocessing


def add(counter, n, times):
    """Add ``n`` to ``counter.value``, ``times`` times.

    Args:
        counter: a ``multiprocessing.Value('i')`` shared with other processes.
        n: the amount to add each time.
        times: how many times to add it.

    Concurrency:
        Runs in a child process while other processes add to the same
        ``counter``.  ``counter.value += n`` reads, then writes: each update
        must happen while holding the counter's own lock,
        ``counter.get_lock()``, so that no other process writes in between.
    """
    ### BEGIN SOLUTION
    for _ in range(times):
        # One lock, the Value's own, shared by every process it was passed
        # to. Reading and writing `.value` each take it too, but only for one
        # step: the read and the write must happen under one hold.
        with counter.get_lock():
            counter.value += n
    ### END SOLUTION


def count_together(amounts, times):
    """Add up in parallel: one process per amount, all adding to one shared counter.

    Creates ``multiprocessing.Value('i', 0)``, starts one
    ``multiprocessing.Process`` per amount running ``add(counter, amount,
    times)``, waits for all of them, and returns the counter's value.

    Args:
        amounts: what each process adds, e.g. ``[1, 3]``.
        times: how many times each process adds its amount.

    Returns:
        ``counter.value`` at the end: ``sum(amounts) * times`` when no update
        was lost.

    Concurrency:
        All the processes run at the same time: start every process, then
        join every process.  Pass the counter to each child as a ``Process``
        argument.
    """
    ### BEGIN SOLUTION
    counter = multiprocessing.Value("i", 0)
    processes = [multiprocessing.Process(target=add, args=(counter, n, times))
                 for n in amounts]
    for p in processes:
        p.start()
    # Join only after every process has started, so they overlap.
    for p in processes:
        p.join()
    return counter.value
    ### END SOLUTION


def fill_squares(array, start, stop):
    """Set ``array[i] = i * i`` for every ``i`` in ``range(start, stop)``.

    Args:
        array: a ``multiprocessing.Array('i', ...)`` shared with other processes.
        start, stop: the slice of ``array`` this call fills.

    Concurrency:
        Runs in a child process while other processes fill *other* slices of
        the same array.  No two processes write the same element, so no lock
        is needed.
    """
    ### BEGIN SOLUTION
    for i in range(start, stop):
        array[i] = i * i
    ### END SOLUTION


def squares_together(length, processes):
    """Fill a shared array with squares, one slice per process.

    Creates ``multiprocessing.Array('i', length)``, splits ``range(length)``
    into ``processes`` contiguous slices that do not overlap and together
    cover every index (sizes differ by at most one when ``length`` does not
    divide evenly), starts one ``multiprocessing.Process`` per slice running
    ``fill_squares(array, start, stop)``, waits for all of them, and returns
    the array's contents.

    Args:
        length: the array's length (0 <= length <= 40000, so squares fit a C int).
        processes: how many processes, 1 <= processes <= length.

    Returns:
        ``list(array)``, i.e. ``[i * i for i in range(length)]``.

    Concurrency:
        All the processes run at the same time, each writing its own slice.
    """
    ### BEGIN SOLUTION
    # Disjoint slices need no lock: lock=False gives plain shared memory.
    array = multiprocessing.Array("i", length, lock=False)
    # Boundaries k * length // processes: contiguous, disjoint, covering all,
    # sizes differing by at most one.
    bounds = [k * length // processes for k in range(processes + 1)]
    workers = [multiprocessing.Process(target=fill_squares, args=(array, bounds[k], bounds[k + 1]))
               for k in range(processes)]
    for p in workers:
        p.start()
    for p in workers:
        p.join()
    return list(array)
    ### END SOLUTION


def multicore():
    """The seed's demo: two processes add 1 and 3, a thousand times each."""
    print(count_together([1, 3], 1000), "expected", 4 * 1000)
    print(squares_together(10, 3))


if __name__ == "__main__":
    multicore()

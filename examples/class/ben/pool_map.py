# Your file: write your solution here. (Generated from solutions/01_processes/pool_map.py by `conclab build`; course maintainers edit that file instead.)
"""A pool of worker processes squares a list of numbers.

The seed's story: ``job(x)`` squares a number; ``multicore()`` hands
``range(10)`` to a pool of 2 worker processes, once with ``map`` (all the
inputs at once) and once with ``apply_async`` (one call at a time, results
fetched with ``.get()``).  Each worker is a separate Python process with its
own interpreter and its own GIL, so CPU-bound jobs really run at the same
time on different cores.

Run it with ``python pool_map.py``.  The ``if __name__ == "__main__":`` guard
at the bottom matters: under the "spawn" and "forkserver" start methods
(macOS and Windows use spawn; Linux uses forkserver from Python 3.14) every
worker *imports* this file to find ``job``.  Without the guard, each worker
would run the demo again and try to start a pool of its own.
"""
import multiprocessing


def job(x):
    """Return ``x * x``.

    Concurrency:
        Runs inside a worker process.  The pool sends it there by pickling
        it, which records only its module and name: it must be defined at
        the top level of a module (a lambda or a nested function can't be
        sent), and the worker imports this module to find it.
    """
    return x * x


def pool_map(xs, processes=2):
    """Return ``[job(x) for x in xs]``, computed by a pool's ``map``.

    Args:
        xs: the inputs (a list; may be empty).
        processes: how many worker processes the pool has — exactly this many.

    Returns:
        The results in the order of ``xs``, whatever order the workers
        finish in.

    Concurrency:
        ``processes`` worker processes run ``job`` at the same time; ``map``
        blocks until every result is in.  When this returns, every worker
        process has exited.
    """
    # YOUR CODE HERE
    raise NotImplementedError


def pool_apply_async(xs, processes=2):
    """Return ``[job(x) for x in xs]``, one ``apply_async`` call per input.

    Args:
        xs: the inputs (a list; may be empty).
        processes: how many worker processes the pool has — exactly this many.

    Returns:
        The results in the order of ``xs``.

    Concurrency:
        Each ``apply_async(job, (x,))`` only *submits* one call and returns an
        ``AsyncResult`` at once; ``.get()`` blocks until that one result is
        in.  Submit every call first, then collect: calling ``.get()`` right
        after each submit would wait for each job before sending the next,
        so only one worker would ever be busy.  When this returns, every
        worker process has exited.
    """
    # YOUR CODE HERE
    raise NotImplementedError


def multicore():
    """The seed's demo: print the squares of 0..9, computed both ways."""
    print(pool_map(range(10)))
    print(pool_apply_async(range(10)))


if __name__ == "__main__":
    multicore()

# Your file: write your solution here. (Generated from solutions/01_processes/pool_tasks.py by `conclab build`; course maintainers edit that file instead.)
"""More tasks than workers: a pool runs them a few at a time, and we wait for all.

The seed's story (用进程池方式批量创建子进程): ``long_time_task(name)`` prints
which process runs it, works for a random while and prints how long it
took.  The parent makes ``Pool(4)``, submits 5 tasks with ``apply_async``,
then calls ``close()`` and ``join()``.  Tasks 0 to 3 start at once; task 4
waits until one of the 4 workers is free.  ``join()`` waits until every task
has run and every worker has exited; it may only be called after
``close()``, which says that no more tasks are coming.

What this file fixes in the seed:

- The seed throws away what ``apply_async`` returns.  If a task raised, its
  exception would sit in that ``AsyncResult`` forever and nobody would know.
  Keep the results (or pass an ``error_callback``) and look at them.
- Its ``if __name__ == "__main__":`` guard is commented out: under the
  "spawn" and "forkserver" start methods every worker imports this file and
  would run the demo again.
- A task sleeps up to 0.3 s here, not 3 s, and is timed with
  ``time.perf_counter()`` (made for measuring intervals) instead of
  ``time.time()`` (the wall clock, which can jump).

Run it with ``python pool_tasks.py``.
"""
import multiprocessing
import os
import random
import time


def long_time_task(name):
    """Work for a random while (up to 0.3 s) and report on it.

    Returns:
        A line saying how long the task ran, e.g. ``"Task 3 ran 0.12 s"``.

    Concurrency:
        Runs inside a pool's worker process; several run at the same time.
        The pool sends it to a worker by pickling it, so it must be defined
        at the top level of the module.
    """
    print(f"Run task {name} ({os.getpid()})...")
    start = time.perf_counter()
    time.sleep(random.random() * 0.3)
    report = f"Task {name} ran {time.perf_counter() - start:.2f} s"
    print(report)
    return report


def run_tasks(names, processes=4):
    """Run ``long_time_task(name)`` for every name on a pool of worker processes.

    Args:
        names: the tasks' names, all different (a list; may be empty, and
            may be longer than ``processes``).
        processes: how many worker processes the pool has — exactly this many.

    Returns:
        A dict mapping each name to what ``long_time_task(name)`` returned.

    Raises:
        Exception: when a task raised, that same exception (the first failing
            one in the order of ``names``), re-raised here only after every
            task has run to its end: one failing task does not stop the others.

    Concurrency:
        Submit every task with ``apply_async``, which returns at once.  At most
        ``processes`` tasks run at the same time; the others wait in the
        pool's queue until a worker is free.  Then ``close()`` (no more tasks)
        and ``join()`` (wait until every task has finished and every worker
        has exited).  ``terminate()`` — which is what leaving a ``with Pool()``
        block does — kills tasks that are still queued or running.  When this
        returns or raises, no worker process is left.
    """
    # YOUR CODE HERE
    raise NotImplementedError


if __name__ == "__main__":
    print(f"Parent process {os.getpid()}.")
    print("Waiting for all subprocesses done...")
    print(run_tasks(range(5), processes=4))
    print("All subprocesses done.")

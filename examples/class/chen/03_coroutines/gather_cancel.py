"""Run jobs concurrently, but give up on the slow ones at a deadline.

The seed's story: three workers finish after 1 s (returning 1), 2 s
(dividing by zero) and 3 s.  We can wait 2 s at most: the first two results
must come back, the error as a value rather than crashing everything, and
the third worker must be cancelled, not left running in the background.
The seed got ``[1, ZeroDivisionError('division by zero'), CancelledError()]``
by sleeping 2 s and cancelling task 3 by hand; here the deadline applies to
every job, whichever are slow, and we return as soon as all are done.
"""
import asyncio


async def worker(delay, outcome):
    """Sleep ``delay`` seconds, then raise ``outcome`` if it is an exception, else return it.

    Args:
        delay: seconds to sleep.
        outcome: the value to return, or an exception *instance* to raise
            (e.g. ``ZeroDivisionError('division by zero')``).

    Concurrency:
        Sleeps with ``await asyncio.sleep``, so other tasks run meanwhile.
        Cancelling it interrupts the sleep with ``CancelledError``.
    """
    ### BEGIN SOLUTION
    # asyncio.sleep gives the loop back to other tasks; time.sleep would
    # stop every task for the whole delay.
    await asyncio.sleep(delay)
    if isinstance(outcome, BaseException):
        raise outcome
    return outcome
    ### END SOLUTION


async def run_with_deadline(jobs, deadline):
    """Run ``worker(delay, outcome)`` for every ``(delay, outcome)`` in ``jobs`` concurrently.

    Args:
        jobs: a list of ``(delay, outcome)`` pairs; may be empty.
        deadline: seconds to wait at most, counted from the call.

    Returns:
        One item per job, in the order of ``jobs`` (not the order they
        finished): the value the worker returned, the exception it raised,
        or a ``CancelledError`` for a job cancelled at the deadline -- what
        ``asyncio.gather(..., return_exceptions=True)`` gives.

    Concurrency:
        Every job runs in its own task, all at the same time.  Returns as soon
        as all of them have finished, or when ``deadline`` seconds have
        passed, whichever comes first.  The tasks still running at the
        deadline are cancelled and awaited: when it returns, no task it
        started is still running.  If ``run_with_deadline`` is itself
        cancelled, it cancels its tasks before passing the cancellation on.
    """
    ### BEGIN SOLUTION
    # Tasks start running now, all together; a bare coroutine would only
    # run when awaited, one after another.
    tasks = [asyncio.create_task(worker(delay, outcome)) for delay, outcome in jobs]
    try:
        if tasks:  # asyncio.wait() refuses an empty set
            # Returns when all are done or at the deadline; unlike wait_for it
            # cancels nothing and raises nothing, and exceptions stay in the tasks.
            await asyncio.wait(tasks, timeout=deadline)
    finally:
        # cancel() only *asks*, and does nothing to a finished task.
        for task in tasks:
            task.cancel()
    # Awaiting the tasks lets the cancelled ones really end; return_exceptions
    # turns raised exceptions and cancellations into list items, in job order.
    return await asyncio.gather(*tasks, return_exceptions=True)
    ### END SOLUTION

"""Report each crawl the moment it ends: ``Task.add_done_callback``.

The seed's story (协程实现回调): four crawls run as tasks, and each task gets
a done callback that prints its result as soon as it finishes::

    for task in tasks:
        task.add_done_callback(lambda future: print('result: ', future.result()))
    await asyncio.gather(*tasks)

The callbacks fire in the order the crawls *finish*; ``gather`` returns the
results in the order the tasks were *given*.  Two traps hide in that lambda.
``future.result()`` raises for a task that failed or was cancelled, and an
exception raised inside a callback does not reach anyone: the event loop only
logs it ("Exception in callback ...") and that report is lost.  And a lambda
that uses the loop's ``url`` reads the variable when it is *called*, after
the loop has ended: every callback sees the last url.
"""
import asyncio

UNIT = 0.01   # seconds per unit: url_3 takes 3 * UNIT = 30 ms (the seed slept 3 s)


async def crawl_page(url):
    """Pretend to download ``url`` (``'url_3'`` takes 3 units); return ``'OK <url>'``.

    Given, not graded: the grader replaces it with crawls that it times, and
    some that fail or are cancelled.
    """
    await asyncio.sleep(int(url.split("_")[-1]) * UNIT)
    return f"OK {url}"


def outcome_of(task):
    """What a finished task ended with, without raising.

    Args:
        task: an ``asyncio.Task`` (or ``Future``) that is done.

    Returns:
        An ``asyncio.CancelledError`` instance if the task was cancelled;
        else the exception it raised, if any (the exception object itself);
        else its result.

    Raises:
        asyncio.InvalidStateError: the task is not done yet.

    Concurrency:
        Never blocks and never waits: meant to be called from a done
        callback, where ``task.result()`` would raise for a failed or
        cancelled task -- and ``task.exception()`` raises ``CancelledError``
        for a cancelled one.
    """
    ### BEGIN SOLUTION
    # cancelled() first: exception() and result() both raise CancelledError
    # for a cancelled task.
    if task.cancelled():
        return asyncio.CancelledError()
    error = task.exception()
    if error is not None:
        return error
    return task.result()
    ### END SOLUTION


async def crawl_with_callbacks(urls, report):
    """Crawl every url at once; report each outcome as soon as its crawl ends.

    Args:
        urls: a list of urls; may be empty.
        report: a function called as ``report(url, outcome)``, e.g. one that
            prints, with ``outcome`` what :func:`outcome_of` gives for that
            url's task.

    Returns:
        The outcomes in the order of ``urls`` (not the order the crawls
        finished): results, exceptions and ``CancelledError`` instances, as
        ``asyncio.gather(..., return_exceptions=True)`` gives them.

    Concurrency:
        One task per url runs ``crawl_page(url)`` (the module's: the grader
        replaces it), all at the same time.  ``report`` is called exactly
        once per url, from a done callback registered with
        ``task.add_done_callback``: on the event loop's thread, outside any
        task, in the order the crawls finish, and also for crawls that fail
        or are cancelled.  Returns only when every task has finished and
        every report has been made: no task is left pending.
    """
    ### BEGIN SOLUTION
    def report_when_done(url):
        # A function per url keeps that url: a lambda written in the loop
        # would read the loop variable when called -- after the loop, the last url.
        def callback(task):
            # outcome_of never raises: an exception in a callback would only
            # be logged by the event loop, and this report lost.
            report(url, outcome_of(task))
        return callback

    tasks = []
    for url in urls:
        task = asyncio.create_task(crawl_page(url))
        task.add_done_callback(report_when_done(url))
        tasks.append(task)
    # Awaiting every task means every callback has run before we return (a
    # task's callbacks are scheduled the moment it finishes, before gather's
    # own).  return_exceptions: a failed crawl must not abandon the others.
    return await asyncio.gather(*tasks, return_exceptions=True)
    ### END SOLUTION


if __name__ == "__main__":
    def show(url, outcome):
        print(f"result: {url} -> {outcome!r}")

    outcomes = asyncio.run(crawl_with_callbacks(["url_4", "url_1", "url_3", "url_2"], show))
    print("in url order:", outcomes)

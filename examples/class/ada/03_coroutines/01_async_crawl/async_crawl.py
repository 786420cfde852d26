"""Crawl four pages: awaited one after another, then as tasks gathered together.

The seed's story: ``crawl_page('url_3')`` "downloads" a page by sleeping 3 s.
The first version calls ``time.sleep`` in a plain loop and takes 1 + 2 + 3 + 4
= 10 s.  Rewriting it with ``async def`` and ``await crawl_page(url)`` in the
same loop still takes 10 s: ``await`` on a coroutine runs it to its end before
the next line, exactly like a normal call.  Only ``asyncio.create_task``
starts the crawls together; ``await asyncio.gather(*tasks)`` then waits for
all of them, and the whole thing takes as long as the slowest page, 4 s.

Here a url's number counts units of ``UNIT`` seconds (10 ms) instead of whole
seconds: ``url_3`` takes 30 ms, and the four pages take about 100 ms one by
one, about 40 ms together.
"""
import asyncio

UNIT = 0.01   # seconds per unit: url_3 takes 3 * UNIT = 30 ms (the seed slept 3 s)


async def crawl_page(url):
    """Pretend to download ``url``: sleep its number of units, then say OK.

    Args:
        url: a name ending in ``_<number>``, e.g. ``'url_3'``: the number
            after the last ``_`` is how many units of ``UNIT`` seconds the
            download takes.

    Returns:
        ``'OK <url>'``, e.g. ``'OK url_3'``.

    Concurrency:
        Waits with ``await asyncio.sleep``, which gives the event loop back to
        the other tasks meanwhile.  ``time.sleep`` would freeze the loop: no
        other crawl could make progress until it returned.  Reads ``UNIT``
        when called.
    """
    ### BEGIN SOLUTION
    units = int(url.split("_")[-1])
    # asyncio.sleep suspends only this coroutine; time.sleep would stop the
    # whole event loop, and every other crawl with it.
    await asyncio.sleep(units * UNIT)
    return f"OK {url}"
    ### END SOLUTION


async def crawl_sequential(urls):
    """Crawl the pages one after another, as the seed's ``await`` loop does.

    Args:
        urls: a list of urls; may be empty.

    Returns:
        The ``crawl_page`` results, in the order of ``urls``.

    Concurrency:
        None, on purpose: each crawl starts only after the previous one has
        finished, so the total time is the *sum* of the crawl times.  This is
        the baseline ``crawl_concurrent`` is compared with.  Must call the
        module's ``crawl_page`` (the grader replaces it to watch the calls).
    """
    ### BEGIN SOLUTION
    results = []
    for url in urls:
        # Awaiting a coroutine runs it to its end before the next line.
        results.append(await crawl_page(url))
    return results
    ### END SOLUTION


async def crawl_concurrent(urls):
    """Crawl all the pages at the same time, each in a task of its own.

    Args:
        urls: a list of urls; may be empty.

    Returns:
        The ``crawl_page`` results, in the order of ``urls`` (not the order
        in which the crawls finished).

    Concurrency:
        Every crawl runs in its own task (``asyncio.create_task``), all
        started before any is awaited, so the total time is about the
        *longest* crawl, not the sum.  Returns only when every crawl has
        finished: no task it created is still pending when it returns.
        Must call the module's ``crawl_page`` (the grader replaces it to watch
        the calls).  Never calls ``asyncio.run``: the caller's event loop is
        already running.
    """
    ### BEGIN SOLUTION
    # create_task schedules every crawl right away; they start together as
    # soon as this coroutine gives the loop back at the await below.
    tasks = [asyncio.create_task(crawl_page(url)) for url in urls]
    # gather waits for all of them and keeps the order of its arguments.
    return await asyncio.gather(*tasks)
    ### END SOLUTION


if __name__ == "__main__":
    import time

    pages = ["url_1", "url_2", "url_3", "url_4"]
    for crawl in (crawl_sequential, crawl_concurrent):
        start = time.perf_counter()
        # asyncio.run: once, at the top of a script.  In Jupyter a loop is
        # already running: write `await crawl(pages)` in a cell instead.
        results = asyncio.run(crawl(pages))
        print(f"{crawl.__name__}: {results} in {(time.perf_counter() - start) * 1000:.0f} ms")

"""Download many pages with aiohttp: one shared session, at most ``limit`` at once.

The seed's asyncio version of the downloader::

    async def download_one(url):
        async with aiohttp.ClientSession() as session:
            async with session.get(url) as resp:
                print('Read {} from {}'.format(resp.content_length, url))

    async def download_all(sites):
        tasks = [asyncio.create_task(download_one(site)) for site in sites]
        await asyncio.gather(*tasks)

Running the downloads as tasks gathered together is right: while one waits
for its server, the event loop runs the others, all on one thread.  Four
things are wrong:

- a new ``ClientSession`` per url.  A session is a connection pool: one per
  url opens a new TCP connection for every page and throws it away.  Make
  ONE session and share it: a finished request leaves its connection open
  (keep-alive) and the next request reuses it.
- ``resp.content_length`` is the ``Content-Length`` header, and a server
  that sends its page in chunks (most do, for generated pages) sends none:
  it is ``None``.  The size is only known by reading the body:
  ``len(await resp.read())``.
- every download starts at once, with no limit: 15 urls, 15 requests to
  the same server at the same moment (and 15 connections).  An
  ``asyncio.Semaphore(limit)`` lets ``limit`` in at a time.
- the status is never checked: a ``500 Internal Server Error`` page is
  "downloaded" like any other.  ``raise_for_status()`` makes it an error.

Here the pages come from the course's local web on 127.0.0.1.
"""
import asyncio

import aiohttp


async def download_one(session, url):
    """Download ``url`` with ``session`` and return the size of its body.

    Args:
        session: an open ``aiohttp.ClientSession``, shared by every download
            (do not open one here).
        url: the page to get.

    Returns:
        The number of bytes of the body, as read (the server may send no
        ``Content-Length``: ``resp.content_length`` can be ``None``).

    Raises:
        aiohttp.ClientResponseError: the server answered 4xx or 5xx.
        aiohttp.ClientError: the connection failed.

    Concurrency:
        Waits for the server only at ``await``s, so the event loop runs the
        other downloads meanwhile.  A blocking call here (``requests.get``,
        ``time.sleep``) would hold the loop's only thread: no other download
        could make progress until it returned.  Cancelling it closes its
        request's connection.
    """
    ### BEGIN SOLUTION
    async with session.get(url) as response:
        # A 404 or 500 page has a body too: without this check its size
        # would be returned as if the download had worked.
        response.raise_for_status()
        # content_length is only the header, None for a chunked answer: the
        # size is known once the body has been read.
        body = await response.read()
    return len(body)
    ### END SOLUTION


async def download_all(urls, limit=5):
    """Download every url at the same time, at most ``limit`` at once.

    Args:
        urls: a list of distinct urls; may be empty.
        limit: how many downloads may be in flight at once (>= 1).

    Returns:
        ``{url: size of its body}`` for every url.

    Raises:
        ValueError: ``limit`` is below 1.
        aiohttp.ClientError: a download failed (for instance
            ``aiohttp.ClientResponseError`` for a 500); the downloads still
            running are cancelled before it is raised.

    Concurrency:
        Opens ONE ``aiohttp.ClientSession`` and shares it: its pool keeps
        finished connections open and reuses them, so ``limit`` downloads at
        a time need about ``limit`` TCP connections, not one per url.  Each
        url is downloaded in a task of its own, all created before any is
        awaited; an ``asyncio.Semaphore(limit)`` lets only ``limit`` of them
        send their request at once, the others wait at it without blocking
        the loop.  Calls the module's ``download_one`` (the grader replaces
        it to watch the calls).  When it returns or raises, the session is
        closed and none of its tasks is still running.
    """
    ### BEGIN SOLUTION
    if limit < 1:
        raise ValueError(f"limit must be at least 1, got {limit!r}")
    # Created here, inside the running loop, and shared by every download:
    # a semaphore made per task would let each task in on its own.
    semaphore = asyncio.Semaphore(limit)

    # One session for all urls: it is a connection pool, reused by every
    # request; `async with` closes it (and its connections) before returning.
    async with aiohttp.ClientSession() as session:

        async def download_when_allowed(url):
            # At most `limit` tasks are inside this block at once; the others
            # wait here, suspended, while the loop runs the downloads.
            async with semaphore:
                return await download_one(session, url)

        tasks = [asyncio.create_task(download_when_allowed(url)) for url in urls]
        try:
            sizes = await asyncio.gather(*tasks)
        except BaseException:
            # gather raises the first error but leaves the other tasks
            # running, on a session about to be closed: cancel them and wait
            # until they have ended before letting the error out.
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            raise
    return dict(zip(urls, sizes))
    ### END SOLUTION


if __name__ == "__main__":
    import time

    from conclab.web import LocalWeb

    # The seed's 15 Wikipedia pages, served by the local web with 100 ms of
    # latency each: about 1.5 s one by one, about 0.3 s five at a time.
    with LocalWeb() as web:
        web.set_latency(0.1)
        sites = web.wiki_urls()
        start = time.perf_counter()
        # asyncio.run: once, at the top of a script (in Jupyter: `await download_all(sites)`).
        sizes = asyncio.run(download_all(sites, limit=5))
        elapsed = time.perf_counter() - start
        for url, size in sizes.items():
            print(f"Read {size} bytes from {url}")
        print(f"Downloaded {len(sizes)} sites in {elapsed:.2f} s, "
              f"at most {web.traffic.max_in_flight} at once, "
              f"over {web.traffic.connections} TCP connections")

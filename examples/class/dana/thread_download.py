"""Download 15 pages one after another, then with a pool of threads.

The seed's story: ``download_one(url)`` fetches one Wikipedia page with
``requests.get``; ``download_all(sites)`` first calls it in a plain loop
(every download waits for the one before it, and the program spends nearly
all its time waiting for the network), then hands the urls to
``concurrent.futures.ThreadPoolExecutor(max_workers=5)`` with
``executor.map``: five threads wait for five servers at the same time.

Here the 15 pages come from the course's local web on 127.0.0.1, and the
seed's gaps are closed: every request has a timeout, an HTTP error page is an
error and not a page, sizes are returned instead of printed, and the results
of ``executor.map`` are read, which is what brings a worker's exception back
to the caller.
"""
import concurrent.futures

import requests

TIMEOUT = 5.0   # seconds requests waits for the server (the grader lowers it)


def download_one(url):
    """Download one page and return its size.

    Args:
        url: an ``http://`` url.

    Returns:
        The number of bytes of the response body (``len(response.content)``).

    Raises:
        requests.HTTPError: the server answered 4xx or 5xx.
        requests.Timeout: the server did not answer within ``TIMEOUT`` seconds
            (connecting, or between two pieces of the answer).
        requests.ConnectionError: nothing listens there, or the connection
            was reset.

    Concurrency:
        Blocks the calling thread until the whole body has arrived; while it
        waits in the socket, the GIL is released and other threads run.
        Reads the module's ``TIMEOUT`` when called: without a timeout, a
        server that never answers blocks this thread for ever.
    """
    ### BEGIN SOLUTION
    # TIMEOUT is read here, at call time: a default argument `timeout=TIMEOUT`
    # would freeze the value the module had at import.  The seed passed no
    # timeout at all, and a stalled server hung the program for ever.
    response = requests.get(url, timeout=TIMEOUT)
    # A 404 or 500 answer has a body too; without this line its size would be
    # counted as a downloaded page (the seed did exactly that).
    response.raise_for_status()
    # The body's bytes.  The Content-Length header is no shortcut: a chunked
    # answer (like the local wiki's) has none.
    return len(response.content)
    ### END SOLUTION


def download_all(urls, max_workers=5):
    """Download every url with a pool of ``max_workers`` threads.

    Args:
        urls: a list of urls; may be empty.
        max_workers: the most downloads that may run at the same time (>= 1).

    Returns:
        ``{url: size}`` for every url, each size from the module's
        ``download_one``.

    Raises:
        Whatever ``download_one`` raised for a url (the first failing url in
        the order of ``urls``), after the downloads already queued have run.

    Concurrency:
        Runs ``download_one`` in a ``ThreadPoolExecutor(max_workers)``:
        ``min(max_workers, len(urls))`` downloads wait for the server at the
        same time, and never more than ``max_workers``; the other urls wait
        in the pool's queue for a free thread.  Returns (or raises) only
        after every worker thread has ended.  Must call the module's
        ``download_one`` (the grader replaces it to watch the threads).
    """
    ### BEGIN SOLUTION
    urls = list(urls)
    # Leaving the with block calls executor.shutdown(wait=True): every worker
    # thread has ended before we return, even when a download failed.
    with concurrent.futures.ThreadPoolExecutor(max_workers=max_workers) as executor:
        # map hands every url to the pool at once; max_workers threads take
        # them one by one, so at most max_workers are downloaded at a time.
        sizes = executor.map(download_one, urls)
        # Reading map's results is what re-raises a worker's exception here.
        # The seed never read them, so a failed download vanished silently.
        # They come back in the order of urls, whatever order they finished in.
        return dict(zip(urls, sizes))
    ### END SOLUTION


if __name__ == "__main__":
    import time

    from conclab.web import LocalWeb

    with LocalWeb() as web:
        latency = 0.1                    # every page takes 100 ms to answer
        sites = web.wiki_urls()          # the seed's 15 pages, served locally
        print(f"{len(sites)} pages, {latency * 1000:.0f} ms each, from {web.base_url}")
        for workers in (1, 5, 15):
            web.reset()
            web.set_latency(latency)
            start = time.perf_counter()
            sizes = download_all(sites, max_workers=workers)
            seconds = time.perf_counter() - start
            print(f"max_workers={workers:>2}: {sum(sizes.values())} bytes in {seconds:.2f} s, "
                  f"{web.traffic.max_in_flight} requests in flight at most")

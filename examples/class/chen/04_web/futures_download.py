"""Download many pages with a thread pool's futures: every url gets an outcome.

The seed's ``download_all`` submits one ``download_one(url)`` per site to a
``ThreadPoolExecutor`` and collects them with ``as_completed``, calling
``future.result()`` on each.  Its TODO lists the errors that can turn up and
leaves them open.  This is the answer to that TODO:

- ``future.result()`` re-raises, in the caller, the exception the worker
  raised: in the seed the first bad url crashes ``download_all`` and every
  other result is lost.  Here each url's outcome is its body size or the
  *kind* of error it hit (``HTTP_ERROR``, ``CONNECTION_ERROR``, ``TIMEOUT``).
- ``requests.get`` without a timeout can wait forever for a server that
  never answers.  Here every request has one.
- ``as_completed(fs, timeout=...)`` gives an overall deadline, but it only
  stops *waiting*: it raises ``TimeoutError`` and the downloads go on.
  ``Future.cancel()`` stops a download only if it has not started yet; a
  running one cannot be interrupted (that is why each request needs its own
  timeout).  Those never started are reported as ``CANCELLED``.
"""
from concurrent.futures import ThreadPoolExecutor, as_completed
from concurrent.futures import TimeoutError as FuturesTimeout   # builtin TimeoutError on 3.11+

import requests

# The kinds of failure, one per url that did not give a page.
HTTP_ERROR = "http error"              # the server answered with a 4xx/5xx status
CONNECTION_ERROR = "connection error"  # refused, reset, no such host: no answer at all
TIMEOUT = "timeout"                    # no answer within the request's timeout
CANCELLED = "cancelled"                # never started: the overall deadline came first


def fetch_size(url, timeout):
    """Download ``url`` and return the size of its body in bytes.

    Args:
        url: an ``http://`` url.
        timeout: seconds to wait for the connection and for each piece of the
            answer (``requests.get(url, timeout=timeout)``).

    Returns:
        ``len(body)`` in bytes.  The pages are sent in chunks, without a
        ``Content-Length`` header: the size is only known by reading the body.

    Raises:
        requests.HTTPError: the server answered with a 4xx or 5xx status.
        requests.Timeout: no connection or no answer within ``timeout``.
        requests.ConnectionError: the connection was refused or reset.

    Concurrency:
        Blocks the calling thread for the whole download, at most about
        ``timeout`` seconds of silence from the server: without a timeout a
        server that never answers would block it forever, and nothing from
        outside can stop a thread that waits in ``requests.get``.
    """
    ### BEGIN SOLUTION
    # Without timeout=..., a server that never answers blocks this thread
    # forever, and Future.cancel() cannot stop a running download.
    response = requests.get(url, timeout=timeout)
    # requests returns 404 and 500 answers as normal responses; this turns
    # them into HTTPError, so an error page is not counted as a page.
    response.raise_for_status()
    return len(response.content)
    ### END SOLUTION


def classify(error):
    """The kind of failure a ``requests`` exception stands for.

    The rule, in this order (the first that matches wins):

    1. ``requests.HTTPError`` -> ``HTTP_ERROR``: the server answered, with
       an error status.
    2. ``requests.Timeout`` -> ``TIMEOUT``: ``ReadTimeout`` (connected, no
       answer in time) and ``ConnectTimeout``.  ``ConnectTimeout`` is *also*
       a ``requests.ConnectionError`` (it inherits from both), so this test
       must come before the next one.
    3. every other ``requests.RequestException`` -> ``CONNECTION_ERROR``:
       refused, reset, unknown host (``requests.ConnectionError``), or a body
       cut off half-way (``ChunkedEncodingError``): no page came back and the
       server said nothing about why.

    Args:
        error: an exception raised by ``requests`` (a ``RequestException``).

    Returns:
        ``HTTP_ERROR``, ``TIMEOUT`` or ``CONNECTION_ERROR``.

    Concurrency:
        None: a pure function of ``error``.
    """
    ### BEGIN SOLUTION
    if isinstance(error, requests.HTTPError):
        return HTTP_ERROR
    # Before ConnectionError: ConnectTimeout is both a Timeout and a ConnectionError.
    if isinstance(error, requests.Timeout):
        return TIMEOUT
    return CONNECTION_ERROR
    ### END SOLUTION


def download_all(urls, max_workers=5, timeout=1.0, deadline=5.0):
    """Download every url in a pool of threads; never lose one to another's error.

    Args:
        urls: distinct urls; may be empty.
        max_workers: the size of the thread pool, i.e. the most downloads
            running at once.
        timeout: each request's own timeout (passed to ``fetch_size``).
        deadline: seconds to wait for the downloads as a whole.

    Returns:
        ``{url: outcome}`` with one entry for *every* url: the body size (an
        int) for a page that came back, else its kind of failure:
        ``classify(error)`` for what ``fetch_size`` raised, ``CANCELLED`` for
        a download that had not started when the deadline passed.

    Raises:
        Whatever ``fetch_size`` raised that is not a ``requests`` error: that
        is a bug in the program, not a bad url.

    Concurrency:
        Every url is submitted to a ``ThreadPoolExecutor(max_workers)`` at
        once, so up to ``max_workers`` downloads run at the same time; the
        others wait in the pool's queue.  The caller blocks while it collects
        the outcomes as they complete.  After ``deadline`` seconds it stops
        waiting: the downloads still queued are cancelled (never requested
        from the server); those already running cannot be stopped, they end
        within their ``timeout`` and report their own outcome.  So it returns
        within about ``deadline + timeout``, and every worker thread has ended
        when it returns.
    """
    ### BEGIN SOLUTION
    def outcome(future):
        try:
            return future.result()
        except requests.RequestException as error:
            # result() re-raises the worker's exception here, in the caller:
            # caught per url, one bad url cannot lose the others.
            return classify(error)

    outcomes = {}
    executor = ThreadPoolExecutor(max_workers=max_workers)
    # submit() returns at once: every url is queued before any is waited for.
    url_of = {executor.submit(fetch_size, url, timeout): url for url in urls}
    try:
        for future in as_completed(url_of, timeout=deadline):
            outcomes[url_of[future]] = outcome(future)
    except FuturesTimeout:
        pass   # the deadline: as_completed stops waiting, the downloads do not
    finally:
        for future in url_of:
            # True only for a download still queued; a running one goes on.
            future.cancel()
        # Waits for the running downloads (each ends within its timeout), so
        # no worker thread outlives this call.
        executor.shutdown(wait=True)
    for future, url in url_of.items():
        if url not in outcomes:
            outcomes[url] = CANCELLED if future.cancelled() else outcome(future)
    return {url: outcomes[url] for url in urls}
    ### END SOLUTION


if __name__ == "__main__":
    import time

    from conclab.web import LocalWeb

    with LocalWeb() as web:
        urls = web.wiki_urls()
        web.set_latency(0.1)
        web.fail("/wiki/Portal:History", "500")
        web.fail("/wiki/Portal:Society", "reset")
        web.fail("/wiki/Portal:Biography", "stall")   # never answers
        urls.append(web.closed_url())                  # nothing listens there
        for deadline in (5.0, 0.3):
            start = time.perf_counter()
            outcomes = download_all(urls, max_workers=3, timeout=0.5, deadline=deadline)
            elapsed = time.perf_counter() - start
            print(f"deadline {deadline:g} s: {len(urls)} urls in {elapsed:.2f} s, "
                  f"{web.traffic.count()} requests reached the server")
            for url, result in outcomes.items():
                print(f"  {url.rsplit('/', 1)[-1]:<32} {result}")
            web.traffic.reset()

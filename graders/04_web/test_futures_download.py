"""Hidden grader for futures_download.

Everything is observed on the local web's side or on the student's threads,
not taken from the student's word:

- the server counts the requests it got, per path: a url reported
  ``CANCELLED`` must never have been requested, and one never requested must
  be ``CANCELLED``; requests that arrive after ``download_all`` returned show
  downloads it left running;
- a meeting (``local_web.meet``) holds requests until ``max_workers`` are in
  flight at once: a pool that waits for each future right after submitting
  it never fills it; the server's ``most_at_once`` shows more than
  ``max_workers`` at a time;
- faults the server injects (500, 404, reset, stall, a refused port) give
  the real exceptions of ``requests``; ``classify`` is also given the
  exceptions directly (``ConnectTimeout`` cannot be produced on loopback);
- the threads alive when ``download_all`` returns, minus those alive before
  it was called, are the workers it left behind.

The content seed is 7, not the visible tests' 0, so sizes copied from them
are wrong here.

Timing: latencies of 15-120 ms.  The deadline checks rest on the server's
counts, not on the clock; the one wall-time bound (``timing``) leaves 0.3 s
for a stalled machine and is still 0.2 s below what waiting for every
download takes.

Concurrency:
    Each call of the student's code runs on a daemon thread with a limit of
    ``CALL_LIMIT`` seconds (:func:`conclab.interleave.run_threads`): a
    download with no timeout facing a stalled server fails one test, not the
    run.  The ``local_web`` fixture releases stalled requests after each test
    (their connections are reset), so threads left waiting on them end.
"""
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
import requests

from conclab.interleave import run_threads

SEED = 7
CALL_LIMIT = 3.0   # s: the longest correct call here takes ~0.6 s

# The kinds the contract names (the grader does not trust the module's copies).
HTTP_ERROR = "http error"
CONNECTION_ERROR = "connection error"
TIMEOUT = "timeout"
CANCELLED = "cancelled"


@dataclass
class Call:
    """How one call of the student's code went, seen from outside."""
    what: str
    finished: bool = False
    value: object = None
    error: BaseException | None = None
    elapsed: float = 0.0
    threads_left: list = field(default_factory=list)   # names of threads it left running
    served_at_return: dict = field(default_factory=dict)   # path -> requests, when it returned


def call(local_web, fn, *args, what):
    """``fn(*args)`` on a helper thread, at most ``CALL_LIMIT`` s; never raises."""
    result = Call(what)

    def observed():
        before = set(threading.enumerate())
        start = time.perf_counter()
        try:
            return fn(*args)
        finally:
            # Read at the very moment it returned, before its threads can end.
            result.elapsed = time.perf_counter() - start
            me = threading.current_thread()
            result.threads_left = [t.name for t in threading.enumerate()
                                   if t not in before and t is not me and t.is_alive()]
            result.served_at_return = dict(local_web.traffic.per_path())

    [run] = run_threads(observed, [()], [f"conclab-call-{what.split('(')[0]}"], CALL_LIMIT)
    result.finished, result.value, result.error = run.finished, run.value, run.error
    return result


def path_of(url):
    return urlsplit(url).path


def short(url):
    return path_of(url).rsplit("/", 1)[-1] or url


def show(value):
    if isinstance(value, BaseException):
        return f"{type(value).__name__}({str(value)[:80]!r})"
    return repr(value)


def fresh_wiki(local_web, count=15):
    """The seed-7 wiki: ``count`` urls and ``{url: size}``."""
    local_web.reset(seed=SEED)
    urls = local_web.wiki_urls()[:count]
    return urls, local_web.wiki_sizes()


def not_returned(c):
    return pytest.fail(
        f"{c.what} did not return within {CALL_LIMIT:g} s. A request without a timeout "
        f"waits forever for a server that never answers, and the pool waits for that "
        f"request (shutdown, or leaving the `with` block): pass timeout=... to "
        f"requests.get", pytrace=False)


def returned_dict(c, urls):
    """The dict ``download_all`` returned, or a failure that teaches."""
    if not c.finished:
        not_returned(c)
    error = c.error
    if isinstance(error, NotImplementedError):
        raise error
    if isinstance(error, TimeoutError) or type(error).__name__ == "TimeoutError":
        # concurrent.futures.TimeoutError is the builtin one from 3.11 on, not before.
        pytest.fail(f"{c.what} raised TimeoutError after {c.elapsed:.2f} s: "
                    f"as_completed(..., timeout=deadline) raises it when the deadline passes. "
                    f"Catch it, cancel the futures that have not started, and report those "
                    f"urls as CANCELLED", pytrace=False)
    if isinstance(error, requests.RequestException):
        pytest.fail(f"{c.what} raised {show(error)}: future.result() re-raises, in your "
                    f"thread, the exception fetch_size raised in the worker, so the first "
                    f"bad url loses every other result. Catch it around result(), for each "
                    f"url, and store classify(error)", pytrace=False)
    if error is not None:
        pytest.fail(f"{c.what} raised {show(error)} after {c.elapsed:.2f} s", pytrace=False)
    got = c.value
    if not isinstance(got, dict):
        pytest.fail(f"{c.what} returned {show(got)}; expected a dict {{url: size or kind}}",
                    pytrace=False)
    missing = [u for u in urls if u not in got]
    if missing:
        pytest.fail(f"{c.what} returned no entry for {len(missing)} of {len(urls)} urls: "
                    f"{[short(u) for u in missing]}. Every url needs an outcome. executor.map "
                    f"stops at the first exception and the rest are lost: submit one future "
                    f"per url and read each one's outcome on its own", pytrace=False)
    extra = [u for u in got if u not in urls]
    if extra:
        pytest.fail(f"{c.what} returned entries for urls it was not given: "
                    f"{[str(u)[:60] for u in extra][:5]}", pytrace=False)
    return got


def wrong_entries(got, expected):
    """Lines 'page: got X, expected Y' for every url whose outcome differs."""
    return [f"  {short(u)}: got {show(got.get(u))}, expected {show(want)}"
            for u, want in expected.items() if got.get(u) != want]


def download(exercise, local_web, urls, max_workers=5, timeout=1.0, deadline=2.0):
    what = (f"download_all({len(urls)} urls, max_workers={max_workers}, timeout={timeout:g}, "
            f"deadline={deadline:g})")
    return call(local_web, exercise.download_all, urls, max_workers, timeout, deadline, what=what)


# ---------------------------------------------------------------- fetch_size

@pytest.mark.points(1)
@pytest.mark.timeout(10)
def test_fetch_size_reads_the_whole_body(exercise, local_web):
    urls, sizes = fresh_wiki(local_web, 3)
    for url in urls:
        c = call(local_web, exercise.fetch_size, url, 1.0, what=f"fetch_size({short(url)!r}, 1.0)")
        if not c.finished:
            not_returned(c)
        if isinstance(c.error, KeyError):
            pytest.fail(f"{c.what} raised KeyError {c.error}: these pages are sent in chunks, "
                        f"without a Content-Length header. Read the body and count its "
                        f"bytes: len(response.content)", pytrace=False)
        if c.error is not None:
            raise c.error
        assert c.value == sizes[url], (
            f"{c.what} returned {show(c.value)}; the body is {sizes[url]} bytes: "
            f"len(response.content)")


@pytest.mark.points(1)
@pytest.mark.timeout(10)
def test_fetch_size_raises_for_http_errors(exercise, local_web):
    urls, _ = fresh_wiki(local_web, 2)
    for url, status in zip(urls, ("500", "404")):
        local_web.fail(path_of(url), status)
        c = call(local_web, exercise.fetch_size, url, 1.0, what=f"fetch_size({short(url)!r}, 1.0)")
        if not c.finished:
            not_returned(c)
        if isinstance(c.error, NotImplementedError):
            raise c.error
        assert isinstance(c.error, requests.HTTPError), (
            f"the server answered {status} and {c.what} "
            + (f"returned {show(c.value)}, the size of the error page"
               if c.error is None else f"raised {show(c.error)}")
            + ". requests returns 4xx/5xx answers like any other; "
              "response.raise_for_status() raises requests.HTTPError for them")


@pytest.mark.points(1)
@pytest.mark.timeout(10)
def test_fetch_size_gives_up_after_its_timeout(exercise, local_web):
    urls, _ = fresh_wiki(local_web, 1)
    local_web.fail(path_of(urls[0]), "stall")
    c = call(local_web, exercise.fetch_size, urls[0], 0.2,
             what=f"fetch_size({short(urls[0])!r}, timeout=0.2) with a server that never answers")
    if not c.finished:
        not_returned(c)
    if isinstance(c.error, NotImplementedError):
        raise c.error
    assert isinstance(c.error, requests.Timeout), (
        f"{c.what} " + (f"returned {show(c.value)}" if c.error is None
                        else f"raised {show(c.error)}")
        + "; expected requests.Timeout (ReadTimeout) from requests.get(url, timeout=timeout)")
    assert c.elapsed < 1.5, (
        f"{c.what} took {c.elapsed:.2f} s: pass its timeout to requests.get, not another one")


# ------------------------------------------------------------------ classify

def classified(exercise, error):
    try:
        return exercise.classify(error)
    except NotImplementedError:
        raise
    except Exception as exc:   # noqa: BLE001 - shown to the student
        pytest.fail(f"classify({show(error)}) raised {show(exc)}", pytrace=False)


@pytest.mark.points(2)
@pytest.mark.timeout(10)
def test_classify_each_kind(exercise):
    cases = [
        (requests.HTTPError("500 Server Error: Internal Server Error for url: http://127.0.0.1/"),
         HTTP_ERROR),
        (requests.ReadTimeout("Read timed out. (read timeout=0.3)"), TIMEOUT),
        (requests.ConnectionError("[Errno 111] Connection refused"), CONNECTION_ERROR),
        (requests.ConnectionError("Connection aborted: ConnectionResetError(104)"),
         CONNECTION_ERROR),
    ]
    wrong = [f"  classify({show(error)}) returned {show(got)}, expected {want!r}"
             for error, want in cases
             for got in [classified(exercise, error)] if got != want]
    assert not wrong, "\n".join(wrong) + (
        "\nrequests.HTTPError -> HTTP_ERROR, requests.Timeout -> TIMEOUT, "
        "requests.ConnectionError -> CONNECTION_ERROR. Test with isinstance on requests' "
        "classes: requests' Timeout is not the builtin TimeoutError that as_completed raises")


@pytest.mark.points(1)
@pytest.mark.timeout(10)
def test_classify_connect_timeout_is_a_timeout(exercise):
    error = requests.ConnectTimeout("Connection to 10.255.255.1 timed out. (connect timeout=0.3)")
    got = classified(exercise, error)
    assert got == TIMEOUT, (
        f"classify({show(error)}) returned {show(got)}, expected {TIMEOUT!r}. ConnectTimeout "
        f"inherits from both requests.ConnectionError and requests.Timeout "
        f"({' -> '.join(k.__name__ for k in type(error).__mro__[:4])}): whichever isinstance "
        f"test comes first wins, so test for Timeout before ConnectionError")


# -------------------------------------------------------------- download_all

@pytest.mark.points(2)
@pytest.mark.timeout(10)
def test_every_page_gets_its_own_size(exercise, local_web):
    urls, sizes = fresh_wiki(local_web, 8)
    # The first url is the slowest: pages finish in the reverse of url order.
    for i, url in enumerate(urls):
        local_web.set_latency(0.015 * (len(urls) - i), path_of(url))
    c = download(exercise, local_web, urls, max_workers=8)
    got = returned_dict(c, urls)
    wrong = wrong_entries(got, {u: sizes[u] for u in urls})
    hint = ""
    if sorted(v for v in got.values() if isinstance(v, int)) == sorted(sizes[u] for u in urls):
        hint = ("\nThe right sizes, on the wrong urls: as_completed yields futures in the "
                "order they finish, not in url order. Keep which url each future is for "
                "(a dict {future: url}) instead of zipping urls with as_completed")
    assert not wrong, (f"{c.what}, pages finishing in the reverse of url order:\n"
                       + "\n".join(wrong) + hint)


@pytest.mark.points(1)
@pytest.mark.timeout(10)
def test_http_errors(exercise, local_web):
    urls, _ = fresh_wiki(local_web, 6)
    local_web.fail(path_of(urls[1]), "500")
    local_web.fail(path_of(urls[3]), "404")
    c = download(exercise, local_web, urls)
    got = returned_dict(c, urls)
    wrong = wrong_entries(got, {urls[1]: HTTP_ERROR, urls[3]: HTTP_ERROR})
    assert not wrong, (
        f"{c.what}, the server answering 500 for {short(urls[1])} and 404 for "
        f"{short(urls[3])}:\n" + "\n".join(wrong) + "\nA number here is the size of the error "
        "page: requests does not raise for 4xx/5xx until response.raise_for_status()")


@pytest.mark.points(1)
@pytest.mark.timeout(10)
def test_connection_errors(exercise, local_web):
    urls, _ = fresh_wiki(local_web, 5)
    local_web.fail(path_of(urls[2]), "reset")
    urls.append(local_web.closed_url())
    c = download(exercise, local_web, urls)
    got = returned_dict(c, urls)
    wrong = wrong_entries(got, {urls[2]: CONNECTION_ERROR, urls[-1]: CONNECTION_ERROR})
    assert not wrong, (
        f"{c.what}, {short(urls[2])} reset by the server and {urls[-1]} refused (nothing "
        f"listens there):\n" + "\n".join(wrong) + "\nBoth raise requests.ConnectionError")


@pytest.mark.points(2)
@pytest.mark.timeout(10)
def test_a_stalled_server_is_a_timeout(exercise, local_web):
    urls, _ = fresh_wiki(local_web, 5)
    local_web.fail(path_of(urls[0]), "stall")
    c = download(exercise, local_web, urls, timeout=0.3, deadline=2.0)
    got = returned_dict(c, urls)
    assert got[urls[0]] == TIMEOUT, (
        f"{c.what}, the server never answering {short(urls[0])}: got "
        f"{show(got[urls[0]])}, expected {TIMEOUT!r} (requests.ReadTimeout after timeout=0.3 s)")
    assert c.elapsed < 1.5, (
        f"{c.what} took {c.elapsed:.2f} s with one stalled url; its request should give up "
        f"after 0.3 s: pass download_all's timeout to fetch_size")


@pytest.mark.points(3)
@pytest.mark.timeout(10)
def test_one_bad_url_never_loses_the_others(exercise, local_web):
    urls, sizes = fresh_wiki(local_web, 12)
    local_web.set_latency(0.02)
    faults = {1: "500", 4: "reset", 6: "stall", 9: "404"}
    for i, kind in faults.items():
        local_web.fail(path_of(urls[i]), kind)
    urls.append(local_web.closed_url())
    good = [u for i, u in enumerate(urls[:-1]) if i not in faults]
    c = download(exercise, local_web, urls, max_workers=4, timeout=0.3, deadline=2.0)
    got = returned_dict(c, urls)
    wrong = wrong_entries(got, {u: sizes[u] for u in good})
    assert not wrong, (
        f"{c.what}, with a 500, a 404, a reset, a stall and a refused port among them, the "
        f"good pages came back wrong:\n" + "\n".join(wrong)
        + "\nEach url's outcome is its own: catch the error of each future separately")


@pytest.mark.points(2)
@pytest.mark.timeout(10)
def test_runs_max_workers_downloads_at_once(exercise, local_web):
    urls, _ = fresh_wiki(local_web, 6)
    local_web.set_latency(0.03)
    meeting = local_web.meet(3, timeout=1.0, prefix="/wiki/")
    c = download(exercise, local_web, urls, max_workers=3)
    returned_dict(c, urls)
    assert meeting.opened, (
        f"{c.what}: the server held every request until 3 were in flight at once, and at "
        f"most {local_web.traffic.most_at_once('/wiki/')} ever were (it gave up after 1 s). "
        f"Submit every url first and collect the futures afterwards: calling result() right "
        f"after submit() waits for that download before the next one is even submitted")


@pytest.mark.points(1)
@pytest.mark.timeout(10)
def test_never_more_than_max_workers_at_once(exercise, local_web):
    urls, _ = fresh_wiki(local_web, 10)
    local_web.set_latency(0.05)
    c = download(exercise, local_web, urls, max_workers=3)
    returned_dict(c, urls)
    at_once = local_web.traffic.most_at_once("/wiki/")
    assert at_once <= 3, (
        f"{c.what}: the server had {at_once} requests in flight at once. What ran when "
        f"(one row per connection):\n{render_requests(local_web)}\n"
        f"Give the pool its size: ThreadPoolExecutor(max_workers=max_workers)")


def render_requests(local_web):
    from conclab.timeline import render
    return render(local_web.traffic.intervals("/wiki/"))


# ----------------------------------------------------------------- deadline

def latency_scenario(exercise, local_web):
    """15 pages of 100 ms on 2 workers (0.8 s in all) with a deadline of 0.25 s."""
    urls, sizes = fresh_wiki(local_web, 15)
    local_web.set_latency(0.1, "/wiki/*")
    c = download(exercise, local_web, urls, max_workers=2, timeout=1.0, deadline=0.25)
    return urls, sizes, c


def stall_scenario(exercise, local_web):
    """8 pages that never answer, 2 workers, timeout 0.4 s, deadline 0.15 s."""
    urls, _ = fresh_wiki(local_web, 8)
    for url in urls:
        local_web.fail(path_of(url), "stall")
    c = download(exercise, local_web, urls, max_workers=2, timeout=0.4, deadline=0.15)
    return urls, c


def check_cancelled_never_requested(c, urls, got, served):
    """CANCELLED exactly for the urls the server never saw."""
    cancelled = [u for u in urls if got[u] == CANCELLED]
    served_anyway = [u for u in cancelled if path_of(u) in served]
    late = [u for u in served_anyway if path_of(u) not in c.served_at_return]
    assert not served_anyway, (
        f"{c.what} reported {len(cancelled)} urls CANCELLED, but the server got a request "
        f"for {len(served_anyway)} of them ({len(late)} after download_all had returned): "
        f"{[short(u) for u in served_anyway]}. Writing CANCELLED stops nothing: "
        f"future.cancel() does, and only for a download that has not started (it returns "
        f"False for a running one, which goes on and has an outcome of its own). The "
        f"`with ThreadPoolExecutor` block runs every queued download before it ends unless "
        f"it was cancelled")
    unseen = [u for u in urls if path_of(u) not in served and got[u] != CANCELLED]
    assert not unseen, (
        f"{c.what}: the server never got a request for "
        f"{[f'{short(u)} ({show(got[u])})' for u in unseen]}, yet they are not CANCELLED")


@pytest.mark.points(3)
@pytest.mark.timeout(10)
def test_deadline_cancels_what_has_not_started(exercise, local_web):
    urls, sizes, c = latency_scenario(exercise, local_web)
    got = returned_dict(c, urls)
    time.sleep(0.25)   # downloads left running would reach the server meanwhile
    served = local_web.traffic.per_path()
    cancelled = [u for u in urls if got[u] == CANCELLED]
    assert cancelled, (
        f"{c.what} returned after {c.elapsed:.2f} s with nothing CANCELLED: 15 downloads of "
        f"100 ms on 2 workers take 0.8 s, far past the deadline of 0.25 s. Collect with "
        f"as_completed(futures, timeout=deadline); when it raises TimeoutError, cancel() "
        f"every future: those not started yet are never run")
    check_cancelled_never_requested(c, urls, got, served)
    wrong = wrong_entries(got, {u: sizes[u] for u in urls if got[u] != CANCELLED})
    assert not wrong, (f"{c.what}: the downloads that did run came back wrong:\n"
                       + "\n".join(wrong))


@pytest.mark.points(2)
@pytest.mark.timeout(10)
def test_running_downloads_end_with_their_own_outcome(exercise, local_web):
    urls, c = stall_scenario(exercise, local_web)
    got = returned_dict(c, urls)
    served = local_web.traffic.per_path()
    started = [u for u in urls if path_of(u) in served]
    wrong = [f"  {short(u)}: got {show(got[u])}" for u in started if got[u] != TIMEOUT]
    assert not wrong, (
        f"{c.what}, the server never answering: {len(started)} downloads were running at the "
        f"deadline, and came back as\n" + "\n".join(wrong) + f"\nexpected {TIMEOUT!r}. A "
        f"running future cannot be cancelled (cancel() returns False): wait for it, its "
        f"request gives up after its timeout of 0.4 s, and report that outcome")
    assert any(got[u] == CANCELLED for u in urls), (
        f"{c.what}: nothing CANCELLED after {c.elapsed:.2f} s; with both workers stuck until "
        f"0.4 s, the downloads still queued at the deadline (0.15 s) must be cancelled")
    check_cancelled_never_requested(c, urls, got, served)


@pytest.mark.points(2)
@pytest.mark.timeout(10)
def test_no_worker_thread_left_running(exercise, local_web):
    urls, c = stall_scenario(exercise, local_web)
    returned_dict(c, urls)
    assert not c.threads_left, (
        f"when {c.what} returned (after {c.elapsed:.2f} s), {len(c.threads_left)} thread(s) it "
        f"had started were still alive: {c.threads_left}. Shut the pool down and wait for "
        f"it: executor.shutdown(wait=True), or the end of a `with ThreadPoolExecutor(...)` "
        f"block. shutdown(wait=False) returns while running downloads go on, and a pool never "
        f"shut down keeps its idle threads")


@pytest.mark.points(1)
@pytest.mark.timeout(10)
def test_no_urls(exercise, local_web):
    c = download(exercise, local_web, [])
    got = returned_dict(c, [])
    assert got == {}, f"{c.what} returned {show(got)}; expected {{}}"


@pytest.mark.points(1)
@pytest.mark.timeout(10)
@pytest.mark.timing
def test_returns_soon_after_the_deadline(exercise, local_web):
    urls, _, c = latency_scenario(exercise, local_web)
    returned_dict(c, urls)
    # Correct: the downloads running at 0.25 s end by about 0.3 s.  Waiting for
    # all of them: 8 rounds of 100 ms on 2 workers, at least 0.8 s.
    bound = 0.25 + 0.1 + 0.25
    assert c.elapsed <= bound, (
        f"{c.what} took {c.elapsed:.2f} s (allowed {bound:.2f} s). After the deadline only "
        f"the downloads already running should be waited for (about 0.1 s more); all 15 take "
        f"0.8 s. What ran when:\n{render_requests(local_web)}")

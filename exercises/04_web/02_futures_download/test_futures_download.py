"""Visible tests for futures_download: run `pytest exercises/04_web/02_futures_download`.

They talk to the course's local web on 127.0.0.1 (the `local_web` fixture),
which can slow pages down, answer 500, reset a connection or never answer.
Each call runs with a time limit (`call_with_timeout`), so code that waits
forever fails a test instead of hanging.  The hidden grader checks more (for
instance how many requests were in flight at once, and that no worker thread
is left running).
"""
import requests

from conclab.interleave import call_with_timeout

LIMIT = 3.0   # s: every call here takes well under a second when correct


def path_of(local_web, url):
    return url[len(local_web.base_url):]


def test_fetch_size_reads_the_body(exercise, local_web):
    url = local_web.wiki_urls()[0]
    size = call_with_timeout(exercise.fetch_size, url, 1.0, timeout=LIMIT)
    assert size == local_web.wiki_sizes()[url], (
        f"fetch_size returned {size!r}; the page has {local_web.wiki_sizes()[url]} bytes "
        f"(it is sent in chunks, without Content-Length: count len(response.content))")


def test_classify(exercise):
    assert exercise.classify(requests.HTTPError("500 Server Error")) == exercise.HTTP_ERROR
    assert exercise.classify(requests.ReadTimeout("Read timed out")) == exercise.TIMEOUT
    assert exercise.classify(requests.ConnectionError("refused")) == exercise.CONNECTION_ERROR


def test_every_url_gets_a_size_or_a_kind(exercise, local_web):
    urls = local_web.wiki_urls()[:5]
    sizes = local_web.wiki_sizes()
    local_web.fail(path_of(local_web, urls[1]), "500")
    urls.append(local_web.closed_url())          # nothing listens there
    got = call_with_timeout(exercise.download_all, urls, 3, 1.0, 2.0, timeout=LIMIT)
    expected = {urls[0]: sizes[urls[0]], urls[1]: "http error", urls[2]: sizes[urls[2]],
                urls[3]: sizes[urls[3]], urls[4]: sizes[urls[4]], urls[5]: "connection error"}
    assert got == expected


def test_a_server_that_never_answers_is_a_timeout(exercise, local_web):
    urls = local_web.wiki_urls()[:3]
    local_web.fail(path_of(local_web, urls[0]), "stall")
    got = call_with_timeout(exercise.download_all, urls, 3, 0.3, 2.0, timeout=LIMIT)
    assert got[urls[0]] == "timeout", f"got {got[urls[0]]!r} for the page that never answers"


def test_deadline_cancels_downloads_not_started(exercise, local_web):
    # 15 pages of 100 ms on 2 workers need 0.8 s; the deadline is 0.25 s.
    urls = local_web.wiki_urls()
    local_web.set_latency(0.1)
    got = call_with_timeout(exercise.download_all, urls, 2, 1.0, 0.25, timeout=LIMIT)
    cancelled = [url for url in urls if got[url] == "cancelled"]
    assert cancelled, "nothing was cancelled, though the deadline passed long before the end"
    requested = local_web.traffic.per_path()
    assert not [url for url in cancelled if path_of(local_web, url) in requested], (
        "some urls reported 'cancelled' were requested from the server anyway: "
        "future.cancel() them, don't just write 'cancelled'")


def test_no_urls(exercise):
    assert call_with_timeout(exercise.download_all, [], timeout=LIMIT) == {}

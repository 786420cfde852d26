"""Quick self-checks for thread_download.py: run `pytest exercises/04_web/01_thread_download`.

They download the seed's 15 pages from the course's local web on 127.0.0.1
(the `local_web` fixture starts it: no internet needed) and read what the
server saw: how many of your requests were in flight at once.  The hidden
grader checks more (other pages, other values of max_workers, errors inside
the pool, threads left running); passing these is a good sign, not a
guarantee.
"""
import time

import pytest
import requests

from conclab.interleave import StillRunning, call_with_timeout


def call(fn, *args, limit=5.0):
    """``fn(*args)`` with a deadline, so that a hang fails instead of freezing pytest."""
    try:
        return call_with_timeout(fn, *args, timeout=limit)
    except StillRunning:
        raise AssertionError(f"{fn.__name__} did not return within {limit:g} s: is a request "
                             f"waiting for ever (no timeout), or a thread never ending?") from None


def test_download_one_returns_the_body_size(exercise, local_web):
    url = local_web.wiki_urls()[9]          # /wiki/Python_(programming_language)
    assert call(exercise.download_one, url) == local_web.wiki_sizes()[url]


def test_download_one_raises_for_an_error_page(exercise, local_web):
    local_web.fail("/wiki/PHP", "500")      # the server answers 500 Internal Server Error
    with pytest.raises(requests.HTTPError):
        call(exercise.download_one, local_web.url("/wiki/PHP"))


def test_download_one_gives_up_on_a_silent_server(exercise, local_web, monkeypatch):
    monkeypatch.setattr(exercise.module, "TIMEOUT", 0.3)
    local_web.fail("/wiki/PHP", "stall")    # the server never answers
    with pytest.raises(requests.Timeout):
        call(exercise.download_one, local_web.url("/wiki/PHP"), limit=3)


def test_download_all_returns_every_size(exercise, local_web):
    assert call(exercise.download_all, local_web.wiki_urls()) == local_web.wiki_sizes()


def test_five_downloads_at_a_time(exercise, local_web):
    local_web.set_latency(0.05)
    # The server holds the requests until 5 of them are in flight at once
    # (or gives up after 1 s, if they never are).
    meeting = local_web.meet(5, timeout=1.0, prefix="/wiki/")
    start = time.perf_counter()
    call(exercise.download_all, local_web.wiki_urls(), 5)
    elapsed = time.perf_counter() - start
    most = local_web.traffic.max_in_flight
    assert meeting.opened, (f"the server never had 5 of your downloads in flight at once "
                            f"(at most {most}): are they still one after another?")
    assert most == 5, f"the server had {most} downloads in flight at once; max_workers=5 allows 5"
    assert elapsed < 0.5, (f"took {elapsed:.2f} s; 15 pages of 50 ms, 5 at a time, take about "
                           f"0.15 s (one by one: 0.75 s)")


def test_no_urls(exercise):
    assert call(exercise.download_all, []) == {}

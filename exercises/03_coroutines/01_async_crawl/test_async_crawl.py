"""Visible tests for async_crawl: run `pytest exercises/03_coroutines/01_async_crawl`.

The seed's url_1 .. url_4, with a unit of 30 ms instead of 1 s: about
0.3 s one by one, about 0.12 s together.  The hidden grader checks more (for
instance that every crawl ran in a task of its own and none was left pending).
"""
import asyncio
import time

URLS = ["url_1", "url_2", "url_3", "url_4"]


def timed(coroutine):
    start = time.perf_counter()
    result = asyncio.run(coroutine)
    return result, time.perf_counter() - start


def test_crawl_page(exercise):
    result, elapsed = timed(exercise.crawl_page("url_3"))
    assert result == "OK url_3"
    assert elapsed >= 0.025, f"crawl_page('url_3') took {elapsed * 1000:.0f} ms, expected 30 ms"


def test_sequential_takes_the_sum(exercise, monkeypatch):
    monkeypatch.setattr(exercise.module, "UNIT", 0.03)
    result, elapsed = timed(exercise.crawl_sequential(URLS))
    assert result == ["OK url_1", "OK url_2", "OK url_3", "OK url_4"]
    assert elapsed >= 0.29, f"took {elapsed:.2f} s; one after another it takes 0.03 * 10 = 0.30 s"


def test_concurrent_takes_the_longest(exercise, monkeypatch):
    monkeypatch.setattr(exercise.module, "UNIT", 0.03)
    result, elapsed = timed(exercise.crawl_concurrent(["url_4", "url_1", "url_3", "url_2"]))
    assert result == ["OK url_4", "OK url_1", "OK url_3", "OK url_2"], (
        f"got {result}: results must come back in url order")
    assert elapsed < 0.25, (f"took {elapsed:.2f} s; crawls running together take about the "
                            f"longest one, 0.03 * 4 = 0.12 s (one by one: 0.30 s)")


def test_no_urls(exercise):
    assert asyncio.run(exercise.crawl_sequential([])) == []
    assert asyncio.run(exercise.crawl_concurrent([])) == []

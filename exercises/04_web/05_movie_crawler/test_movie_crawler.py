"""Visible tests for movie_crawler: run `pytest exercises/04_web/05_movie_crawler`.

Your code runs against the course's local web on 127.0.0.1 (seed 0: a
listing of 12 movies and their detail pages), started by the tests
themselves; nothing goes to the internet.  The hidden grader checks more:
other seeds, pages that drop the connection or never answer, tasks left
running, a blocked event loop, how many TCP connections you open.
"""
import asyncio
import time

import pytest

from conclab.web import LISTING_PATH

pytestmark = pytest.mark.timeout(30)


def test_parse_listing_reads_names_dates_and_links(exercise, local_web):
    site = local_web.site
    expected = [(m.name, m.date, local_web.url(m.detail_path)) for m in site.movies]
    got = exercise.parse_listing(site.listing_html())
    assert got == expected, (
        f"parse_listing returned {got[:2]!r}...; expected {expected[:2]!r}... (name from the "
        f"item's second <a>, date from its first <li>, link = that <a>'s href)")


def test_parse_poster_is_the_img_in_mainpic_not_the_logo(exercise, local_web):
    movie = local_web.site.movies[0]
    got = exercise.parse_poster(local_web.site.detail_html(movie))
    assert got == local_web.site.poster_url(movie), (
        f"parse_poster returned {got!r}; expected {local_web.site.poster_url(movie)!r}, the "
        f"<img> inside <div id=\"mainpic\"> (the page's first <img> is the site logo)")


def test_crawl_finds_every_movie_in_listing_order(exercise, local_web):
    movies = asyncio.run(exercise.crawl(local_web.listing_url, limit=4))
    expected = [(name, date, poster, None)
                for name, date, poster in local_web.site.expected_crawl()]
    assert [tuple(m) for m in movies] == expected


def test_crawl_fetches_details_concurrently_within_the_limit(exercise, local_web):
    local_web.set_latency(0.05, "/subject/*")
    start = time.perf_counter()
    asyncio.run(exercise.crawl(local_web.listing_url, limit=3))
    elapsed = time.perf_counter() - start
    most = local_web.traffic.most_at_once("/subject/")
    assert most == 3, (f"with limit=3 the server saw at most {most} detail requests at once, "
                       f"expected exactly 3")
    assert elapsed < 0.45, (f"12 detail pages of 50 ms, 3 at a time, took {elapsed:.2f} s; "
                            f"expected about 0.2 s (one by one: 0.6 s)")
    assert local_web.traffic.count(LISTING_PATH) == 1, (
        "the listing must be requested once")


def test_a_failing_detail_page_costs_that_movie_only(exercise, local_web):
    broken = local_web.site.movies[2]
    local_web.fail(broken.detail_path, "500")
    movies = asyncio.run(exercise.crawl(local_web.listing_url, limit=4))
    expected = [(name, date, poster, None)
                for name, date, poster in local_web.site.expected_crawl()]
    assert len(movies) == len(expected), "every movie of the listing must be in the result"
    name, date, poster, error = movies[2]
    assert (name, date, poster) == (broken.name, broken.date, None) and "500" in (error or ""), (
        f"the detail page of movie 2 answered 500: expected Movie({broken.name!r}, "
        f"{broken.date!r}, None, 'HTTP 500'), got {movies[2]!r}")
    assert [tuple(m) for i, m in enumerate(movies) if i != 2] == expected[:2] + expected[3:]

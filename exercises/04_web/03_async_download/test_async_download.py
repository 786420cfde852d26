"""Visible tests for async_download: run `pytest exercises/04_web/03_async_download`.

They download the seed's wiki pages from the local web on 127.0.0.1 (the
`local_web` fixture starts it; no internet needed), which counts what it
sees: requests in flight at once, TCP connections.  The hidden grader checks
more (for instance that the session is closed, and that no task is left
running when a download fails).
"""
import asyncio

import aiohttp
import pytest

pytestmark = pytest.mark.timeout(20)


async def one_session(download_one, urls):
    async with aiohttp.ClientSession() as session:
        return [await download_one(session, url) for url in urls]


def test_download_one_reads_the_body(exercise, local_web):
    urls = local_web.wiki_urls()[:3]
    sizes = asyncio.run(one_session(exercise.download_one, urls))
    expected = [local_web.wiki_sizes()[url] for url in urls]
    assert sizes == expected, (
        f"got {sizes}, expected {expected}: the pages are sent in chunks, without a "
        f"Content-Length header (content_length is None); count the bytes of the body")


def test_download_one_raises_for_a_500(exercise, local_web):
    local_web.fail("/wiki/PHP", "500")
    with pytest.raises(aiohttp.ClientResponseError):
        asyncio.run(one_session(exercise.download_one, [local_web.url("/wiki/PHP")]))


def test_download_all_returns_every_size(exercise, local_web):
    urls = local_web.wiki_urls()[:6]
    sizes = asyncio.run(exercise.download_all(urls, limit=2))
    assert sizes == {url: local_web.wiki_sizes()[url] for url in urls}


def test_download_all_runs_limit_at_a_time(exercise, local_web):
    local_web.set_latency(0.03)   # each page takes 30 ms: downloads that overlap show
    urls = local_web.wiki_urls()[:8]
    asyncio.run(exercise.download_all(urls, limit=2))
    most = local_web.traffic.max_in_flight
    assert most == 2, (f"the server saw {most} requests in flight at once with limit=2: "
                       f"expected exactly 2 (1 means one after another; more means no limit)")


def test_download_all_shares_one_session(exercise, local_web):
    local_web.set_latency(0.01)
    urls = local_web.wiki_urls()[:8]
    asyncio.run(exercise.download_all(urls, limit=2))
    opened = local_web.traffic.connections
    assert opened <= 2, (f"8 downloads, 2 at a time, opened {opened} TCP connections: one shared "
                         f"ClientSession reuses its connections, so it needs only 2")


def test_no_urls(exercise, local_web):
    assert asyncio.run(exercise.download_all([], limit=2)) == {}

# alternative: CSS selectors in the parsers; a pool of `limit` worker tasks taking pages from an asyncio.Queue, results stored by listing index
# expect: full
import asyncio
from typing import NamedTuple

import aiohttp
from bs4 import BeautifulSoup


class Movie(NamedTuple):
    name: str
    date: str
    poster: str | None
    error: str | None = None


def parse_listing(html):
    soup = BeautifulSoup(html, "html.parser")
    if soup.select_one("#showing-soon") is None:
        raise ValueError("not a listing page")
    movies = []
    for item in soup.select("#showing-soon .item"):
        link = item.select_one(".intro h3 a")
        movies.append((link.get_text(strip=True), item.select_one("li").get_text(strip=True),
                       link["href"]))
    return movies


def parse_poster(html):
    img = BeautifulSoup(html, "html.parser").select_one("#mainpic img[src]")
    if img is None:
        raise ValueError("no poster in #mainpic")
    return img["src"]


async def crawl(listing_url, limit=5, timeout=10.0):
    page_timeout = aiohttp.ClientTimeout(total=timeout)
    async with aiohttp.ClientSession() as session:
        async with session.get(listing_url, timeout=page_timeout) as response:
            response.raise_for_status()
            entries = parse_listing(await response.text())
        results = [None] * len(entries)
        queue = asyncio.Queue()
        for index, entry in enumerate(entries):
            queue.put_nowait((index, entry))

        async def worker():
            # `limit` workers, each fetching one page at a time: at most `limit` in flight.
            while True:
                try:
                    index, (name, date, url) = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                try:
                    async with session.get(url, timeout=page_timeout) as response:
                        if not response.ok:
                            results[index] = Movie(name, date, None, f"HTTP {response.status}")
                            continue
                        html = await response.text()
                    results[index] = Movie(name, date, parse_poster(html))
                except asyncio.TimeoutError:
                    results[index] = Movie(name, date, None, "timed out")
                except (aiohttp.ClientError, ValueError) as exc:
                    results[index] = Movie(name, date, None, repr(exc))

        await asyncio.gather(*(worker() for _ in range(min(limit, len(entries)))))
        return results

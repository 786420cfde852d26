# alternative: the limit is the session's connection pool (TCPConnector(limit=limit)) instead of a Semaphore; errors mapped after gather(return_exceptions=True)
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
    result = []
    for item in soup.find("div", id="showing-soon").find_all("div", class_="item"):
        a = item.find_all("a")[1]
        result.append((a.get_text(), item.find_all("li")[0].get_text(), a["href"]))
    return result


def parse_poster(html):
    return BeautifulSoup(html, "html.parser").find("div", id="mainpic").find("img")["src"]


async def crawl(listing_url, limit=5, timeout=10.0):
    connector = aiohttp.TCPConnector(limit=limit)
    async with aiohttp.ClientSession(connector=connector,
                                     timeout=aiohttp.ClientTimeout(total=timeout)) as session:
        async def fetch(url):
            async with session.get(url) as response:
                response.raise_for_status()
                return await response.text()

        entries = parse_listing(await fetch(listing_url))
        pages = await asyncio.gather(*(fetch(url) for _, _, url in entries),
                                     return_exceptions=True)
    movies = []
    for (name, date, _), page in zip(entries, pages):
        if isinstance(page, aiohttp.ClientResponseError):
            movies.append(Movie(name, date, None, f"HTTP {page.status}"))
        elif isinstance(page, BaseException):
            movies.append(Movie(name, date, None, type(page).__name__))
        else:
            movies.append(Movie(name, date, parse_poster(page)))
    return movies

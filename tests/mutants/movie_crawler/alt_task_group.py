# alternative: asyncio.TaskGroup (3.11+; gather on 3.10) with a Semaphore, asyncio.wait_for for the timeout, results read from the tasks
# expect: full
import asyncio
import sys
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
    out = []
    for item in soup.find(id="showing-soon").find_all(class_="item"):
        name_link = item.find("h3").find("a")
        out.append((name_link.text.strip(), item.find("li").text.strip(), name_link.get("href")))
    return out


def parse_poster(html):
    mainpic = BeautifulSoup(html, "html.parser").find(id="mainpic")
    if mainpic is None or mainpic.img is None:
        raise ValueError("no poster")
    return mainpic.img["src"]


async def _get_text(session, url):
    async with session.get(url) as response:
        if response.status >= 400:
            return None, f"HTTP {response.status} {response.reason}"
        return await response.text(), None


async def crawl(listing_url, limit=5, timeout=10.0):
    async with aiohttp.ClientSession() as session:
        listing, error = await asyncio.wait_for(_get_text(session, listing_url), timeout)
        if error:
            raise aiohttp.ClientError(f"listing: {error}")
        gate = asyncio.Semaphore(limit)

        async def movie(name, date, url):
            async with gate:
                try:
                    html, error = await asyncio.wait_for(_get_text(session, url), timeout)
                except asyncio.TimeoutError:
                    return Movie(name, date, None, "timeout")
                except aiohttp.ClientError as exc:
                    return Movie(name, date, None, f"connection error: {exc!r}")
            if error:
                return Movie(name, date, None, error)
            return Movie(name, date, parse_poster(html))

        coros = [movie(*entry) for entry in parse_listing(listing)]
        if sys.version_info >= (3, 11):
            async with asyncio.TaskGroup() as group:
                tasks = [group.create_task(c) for c in coros]
            return [task.result() for task in tasks]
        return list(await asyncio.gather(*coros))

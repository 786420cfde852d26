# mutant: one asyncio.wait(tasks, timeout=timeout) for the whole crawl instead of a timeout per page; the tasks still pending are reported but never cancelled
# expect-fail: test_no_task_left_running
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
    movies = []
    for item in soup.find("div", id="showing-soon").find_all("div", class_="item"):
        all_a_tag = item.find_all("a")
        all_li_tag = item.find_all("li")
        movies.append((all_a_tag[1].text, all_li_tag[0].text, all_a_tag[1]["href"]))
    return movies


def parse_poster(html):
    soup = BeautifulSoup(html, "html.parser")
    return soup.find("div", id="mainpic").find("img")["src"]


async def crawl(listing_url, limit=5, timeout=10.0):
    async with aiohttp.ClientSession() as session:
        async with session.get(listing_url) as response:
            listing = await response.text()
        semaphore = asyncio.Semaphore(limit)

        async def fetch(name, date, url):
            try:
                async with semaphore:
                    async with session.get(url) as response:
                        response.raise_for_status()
                        html = await response.text()
                return Movie(name, date, parse_poster(html))
            except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
                return Movie(name, date, None, str(exc) or type(exc).__name__)

        entries = parse_listing(listing)
        tasks = [asyncio.create_task(fetch(*entry)) for entry in entries]
        done, pending = await asyncio.wait(tasks, timeout=timeout)
        return [task.result() if task in done else Movie(name, date, None, "timeout")
                for task, (name, date, _) in zip(tasks, entries)]

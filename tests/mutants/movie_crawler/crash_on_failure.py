# mutant: no try/except around a page: the first page that fails makes gather raise, and the whole crawl crashes
# expect-fail: test_http_500_page_gives_that_movie_an_error, test_reset_connection_gives_that_movie_an_error, test_page_that_never_answers_times_out
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
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout)) as session:
        async with session.get(listing_url) as response:
            listing = await response.text()
        semaphore = asyncio.Semaphore(limit)

        async def fetch(name, date, url):
            async with semaphore:
                async with session.get(url) as response:
                    response.raise_for_status()
                    html = await response.text()
            return Movie(name, date, parse_poster(html))

        return await asyncio.gather(*(fetch(*movie) for movie in parse_listing(listing)))

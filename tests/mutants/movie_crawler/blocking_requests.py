# mutant: keeps the seed's requests.get inside async def: every request blocks the event loop
# expect-fail: test_does_not_block_the_event_loop, test_detail_pages_are_fetched_concurrently, test_one_session_reuses_connections, test_at_most_limit_requests_in_flight
import asyncio
from typing import NamedTuple

import requests
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
    listing = requests.get(listing_url, timeout=timeout).text
    semaphore = asyncio.Semaphore(limit)

    async def fetch(name, date, url):
        try:
            async with semaphore:
                response = requests.get(url, timeout=timeout)
                response.raise_for_status()
            return Movie(name, date, parse_poster(response.text))
        except requests.RequestException as exc:
            return Movie(name, date, None, str(exc))

    return await asyncio.gather(*(fetch(*movie) for movie in parse_listing(listing)))

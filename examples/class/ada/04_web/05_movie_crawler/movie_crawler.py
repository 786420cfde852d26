"""Crawl a cinema's "coming soon" listing: names, dates and posters, details fetched concurrently.

The seed's 实战 example reads douban's Beijing "coming soon" page with
``requests`` and BeautifulSoup: every ``<div class="item">`` inside
``<div id="showing-soon">`` holds two links (the second one has the movie's
name and its detail page) and a list whose first ``<li>`` is the release
date.  Then it downloads every detail page **one after another** and takes
``soup.find('img')['src']`` as the poster.

Here the same page is served by the course's local web (``conclab.web``),
and the crawler is rewritten for asyncio: the listing is fetched once, the
detail pages are fetched concurrently through ONE ``aiohttp.ClientSession``,
at most ``limit`` at a time, and a detail page that fails costs that movie
only.  The poster is the ``<img>`` inside ``<div id="mainpic">``: the detail
page starts with a site logo, which is what ``find('img')`` returns.
"""
import asyncio
from typing import NamedTuple
from urllib.parse import urljoin

import aiohttp
from bs4 import BeautifulSoup


class Movie(NamedTuple):
    """One movie of the listing, as ``crawl`` reports it."""
    name: str                 # as the listing shows it, entities unescaped ("A & B", not "A &amp; B")
    date: str                 # as the listing shows it, e.g. "12月06日"
    poster: str | None        # the poster's url; None if the detail page failed
    error: str | None = None  # None, or why the detail page failed, e.g. "HTTP 500"


def parse_listing(html):
    """The movies of a listing page, in the page's order.

    Args:
        html: the listing page's HTML (``str``, or ``bytes`` as received).

    Returns:
        A list of ``(name, date, detail_url)`` tuples, one per
        ``<div class="item">`` inside ``<div id="showing-soon">``: the name
        is the text of the item's second ``<a>`` (the first one wraps the
        thumbnail and has no text), the detail url that link's ``href`` (as
        written in the page), the date the text of the item's first ``<li>``.
        ``[]`` for a listing without items.

    Raises:
        ValueError: the page has no ``<div id="showing-soon">``.

    Concurrency:
        None: a pure function of ``html``; it does no I/O.
    """
    ### BEGIN SOLUTION
    # html.parser ships with Python; the seed's 'lxml' is an extra package.
    soup = BeautifulSoup(html, "html.parser")
    showing_soon = soup.find("div", id="showing-soon")
    if showing_soon is None:
        raise ValueError("not a listing page: no <div id=\"showing-soon\">")
    movies = []
    for item in showing_soon.find_all("div", class_="item"):
        links = item.find_all("a")
        dates = item.find_all("li")
        # links[0] is the thumbnail (an <img>, no text); links[1] holds the name.
        # .get_text() unescapes entities: "&amp;" in the markup is "&" in the name.
        name = links[1].get_text(strip=True)
        movies.append((name, dates[0].get_text(strip=True), links[1]["href"]))
    return movies
    ### END SOLUTION


def parse_poster(html):
    """The poster's url on a movie's detail page.

    Args:
        html: the detail page's HTML (``str`` or ``bytes``).

    Returns:
        The ``src`` of the ``<img>`` inside ``<div id="mainpic">``, as
        written in the page.  Not the page's first ``<img>``: that one is
        the site's logo.

    Raises:
        ValueError: the page has no ``<img>`` inside ``<div id="mainpic">``.

    Concurrency:
        None: a pure function of ``html``; it does no I/O.
    """
    ### BEGIN SOLUTION
    soup = BeautifulSoup(html, "html.parser")
    # The seed's soup.find('img') returns the first picture of the page: the
    # site logo in the navigation bar.  The poster is the one in #mainpic.
    mainpic = soup.find("div", id="mainpic")
    img = mainpic.find("img") if mainpic is not None else None
    if img is None or not img.get("src"):
        raise ValueError("no poster: no <img src=...> inside <div id=\"mainpic\">")
    return img["src"]
    ### END SOLUTION


async def crawl(listing_url, limit=5, timeout=10.0):
    """Every movie of the listing with its poster, detail pages fetched concurrently.

    Args:
        listing_url: the url of the listing page.
        limit: at most this many detail pages are requested at the same
            time (at least 1).
        timeout: seconds one page may take, from sending its request to
            the end of its body.

    Returns:
        A list of :class:`Movie`, one per movie of the listing, in listing
        order (not in the order the detail pages answered).  A movie whose
        detail page failed -- an HTTP error status, a dropped connection, no
        answer within ``timeout``, no poster on the page -- is
        ``Movie(name, date, None, "<reason>")``, e.g. ``"HTTP 500"``; the
        other movies are unaffected.

    Raises:
        aiohttp.ClientError, asyncio.TimeoutError: the listing itself could
            not be fetched (there is nothing to crawl without it).

    Concurrency:
        The listing is requested once, then every detail page is requested
        once, all through one ``aiohttp.ClientSession`` (one pool of
        keep-alive connections), at most ``limit`` in flight at a time; the
        waits overlap on the event loop's thread, which nothing here blocks
        (no ``requests``, no ``time.sleep``).  Only the listing and the
        detail pages are requested: the posters are returned as urls, not
        downloaded.  Uses the module's ``parse_listing`` and ``parse_poster``
        (the grader replaces them with its own).  Returns once every detail
        request has finished: no task it started is left running.  If it is
        cancelled, the requests in flight are cancelled with it and the
        session is closed.
    """
    ### BEGIN SOLUTION
    # One session for the whole crawl: its connection pool reuses keep-alive
    # connections; a session per page would open a new connection each time.
    client_timeout = aiohttp.ClientTimeout(total=timeout)
    async with aiohttp.ClientSession(timeout=client_timeout) as session:
        async with session.get(listing_url) as response:
            response.raise_for_status()
            listing = await response.text()
        entries = parse_listing(listing)
        # The semaphore is the limit: a detail request starts only when fewer
        # than `limit` others are in flight.
        in_flight = asyncio.Semaphore(limit)

        async def one_movie(name, date, detail_url):
            # Every failure of this page is caught here and becomes this movie's
            # error, so one bad page cannot crash the crawl (and gather below
            # never sees an exception that would leave the other tasks running).
            try:
                async with in_flight:
                    async with session.get(urljoin(listing_url, detail_url)) as response:
                        if response.status != 200:
                            return Movie(name, date, None, f"HTTP {response.status}")
                        html = await response.text()
            except asyncio.TimeoutError:   # before ClientError: aiohttp's timeouts are both
                return Movie(name, date, None, f"no answer within {timeout:g} s")
            except aiohttp.ClientError as exc:
                return Movie(name, date, None, f"connection error ({type(exc).__name__})")
            try:
                # Parsing happens outside the semaphore: it needs no connection.
                return Movie(name, date, parse_poster(html))
            except ValueError as exc:
                return Movie(name, date, None, str(exc))

        # gather keeps the order of its arguments: the listing order, whatever
        # order the pages answer in.
        return await asyncio.gather(*(one_movie(*entry) for entry in entries))
    ### END SOLUTION


if __name__ == "__main__":
    import time

    from conclab.web import LocalWeb

    # The course's local web: the listing and 12 detail pages on 127.0.0.1,
    # every detail page answering after 100 ms, one of them failing.
    with LocalWeb() as web:
        web.set_latency(0.1, "/subject/*")
        web.fail(web.site.movies[3].detail_path, "500")
        start = time.perf_counter()
        movies = asyncio.run(crawl(web.listing_url, limit=4))
        seconds = time.perf_counter() - start
        for movie in movies:
            print(f"{movie.name:<12} {movie.date}  {movie.poster or movie.error}")
        print(f"{len(movies)} movies in {seconds * 1000:.0f} ms; at most "
              f"{web.traffic.most_at_once('/subject/')} detail pages in flight, "
              f"{web.traffic.connections} TCP connection(s) "
              f"(one by one: about {len(movies) * 100} ms)")

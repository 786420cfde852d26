"""The local web: content from a seed, latency, faults, meetings, counters, no internet."""
import asyncio
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import aiohttp
import pytest
import requests
from bs4 import BeautifulSoup

from conclab.web import LocalWeb, Site, loopback
from conclab.web.site import WIKI_TITLES

pytestmark = pytest.mark.timeout(30)


def get_size(url, **kwargs):
    return len(requests.get(url, **kwargs).content)


# ------------------------------------------------------------------ content

def test_same_seed_same_site_other_seed_other_site():
    a, b, c = Site(3), Site(3), Site(4)
    assert a.wiki_sizes() == b.wiki_sizes()
    assert a.expected_crawl() == b.expected_crawl()
    assert a.wiki_sizes() != c.wiki_sizes()
    assert [m.name for m in a.movies] != [m.name for m in c.movies]


def test_wiki_has_the_seed_pages_with_their_sizes():
    site = Site(1)
    assert len(site.wiki_paths()) == 15 == len(set(site.wiki_paths()))
    for title in WIKI_TITLES:
        assert 2_000 <= len(site.wiki_body(title)) < 12_000


def test_movies_are_unique_and_one_name_needs_unescaping():
    site = Site(5, movies=10)
    assert len({m.id for m in site.movies}) == len({m.name for m in site.movies}) == 10
    assert any("&" in m.name for m in site.movies)
    assert "&amp;" in site.listing_html()


def test_the_seed_notes_parsing_reads_the_listing():
    # The seed's own BeautifulSoup code (with html.parser: lxml is optional)
    # finds name, date and link; the poster is in #mainpic, after a logo.
    site = Site(2, movies=6, base="http://127.0.0.1:1")
    soup = BeautifulSoup(site.listing_html(), "html.parser")
    got = []
    for item in soup.find("div", id="showing-soon").find_all("div", class_="item"):
        a, li = item.find_all("a"), item.find_all("li")
        got.append((a[1].text, li[0].text, a[1]["href"]))
    assert got == [(m.name, m.date, site.base + m.detail_path) for m in site.movies]
    detail = BeautifulSoup(site.detail_html(site.movies[0]), "html.parser")
    assert detail.find("div", id="mainpic").find("img")["src"] == site.expected_crawl()[0][2]
    assert detail.find("img")["src"].endswith("/img/logo.png")


# ------------------------------------------------------------------ serving

@pytest.fixture(scope="module")
def server():
    with LocalWeb(seed=9) as web:
        yield web


@pytest.fixture
def web(server):
    server.reset(seed=9, movies=12)
    yield server
    server.reset()


def test_serves_the_wiki_chunked_with_known_sizes(web):
    sizes = web.wiki_sizes()
    url = web.wiki_urls()[9]
    response = requests.get(url)
    assert len(response.content) == sizes[url]
    assert "Content-Length" not in response.headers   # the size is only known by reading
    assert requests.get(web.url("/wiki/Nope")).status_code == 404
    assert web.traffic.per_path() == {"/wiki/Python_(programming_language)": 1, "/wiki/Nope": 1}


def test_serves_listing_details_and_posters(web):
    movie = web.site.movies[0]
    assert movie.name in requests.get(web.listing_url).text
    assert requests.get(web.url(movie.detail_path)).status_code == 200
    poster = requests.get(web.site.poster_url(movie))
    assert poster.headers["Content-Type"] == "image/jpeg" and poster.content[:2] == b"\xff\xd8"


def test_reset_with_a_seed_changes_the_content(web):
    before = web.wiki_sizes()
    web.reset(seed=10)
    assert web.wiki_sizes() != before
    assert {get_size(u) for u in web.wiki_urls()[:3]} == {web.wiki_sizes()[u]
                                                           for u in web.wiki_urls()[:3]}


def test_latency_for_all_and_per_path(web):
    web.set_latency(0.05)
    web.set_latency(0.2, "/wiki/PHP")
    web.set_latency(0.0, "/img/*")
    for path in ["/wiki/Node.js", "/wiki/PHP", "/img/logo.png"]:
        requests.get(web.url(path))
    # Measured at the server, which waits: the client's clock adds its own load.
    served = {iv.label: iv.duration for iv in web.traffic.intervals()}
    assert 0.05 <= served["/wiki/Node.js"] < 0.2
    assert served["/wiki/PHP"] >= 0.2
    assert served["/img/logo.png"] < 0.05


def test_counts_requests_in_flight_and_connections(web):
    web.set_latency(0.1)
    urls = web.wiki_urls()[:6]
    with ThreadPoolExecutor(3) as pool:
        list(pool.map(get_size, urls))
    assert web.traffic.max_in_flight == 3
    assert web.traffic.most_at_once("/wiki/") == 3
    assert web.traffic.in_flight == 0
    assert web.traffic.count() == 6
    assert web.traffic.connections == 6        # requests.get: a new connection each time
    intervals = web.traffic.intervals()
    assert len(intervals) == 6 and all(iv.duration >= 0.1 for iv in intervals)


def test_a_shared_session_reuses_connections(web):
    web.set_latency(0.02)

    async def main():
        async with aiohttp.ClientSession() as session:
            for url in web.wiki_urls()[:5]:
                async with session.get(url) as response:
                    await response.read()
            assert web.traffic.open_connections == 1
    asyncio.run(main())
    assert web.traffic.connections == 1
    deadline = time.monotonic() + 2   # the server hears of the close a moment later
    while web.traffic.open_connections and time.monotonic() < deadline:
        time.sleep(0.01)
    assert web.traffic.open_connections == 0


def test_meeting_opens_for_concurrent_requests(web):
    meeting = web.meet(4, timeout=2.0, prefix="/wiki/")
    start = time.perf_counter()
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(get_size, web.wiki_urls()[:8]))
    assert meeting.opened and not meeting.broken
    assert web.traffic.max_in_flight == 4
    assert time.perf_counter() - start < 1.5


def test_meeting_gives_up_once_for_serial_requests(web):
    meeting = web.meet(3, timeout=0.3)
    start = time.perf_counter()
    for url in web.wiki_urls()[:4]:
        get_size(url)
    elapsed = time.perf_counter() - start
    assert meeting.broken and not meeting.opened
    assert web.traffic.max_in_flight == 1
    assert 0.3 <= elapsed < 0.6     # the timeout is paid once, not per request


@pytest.mark.parametrize("kind, error", [("500", None), ("404", None),
                                         ("reset", requests.ConnectionError),
                                         ("stall", requests.ReadTimeout)])
def test_faults_as_requests_sees_them(web, kind, error):
    url = web.wiki_urls()[0]
    web.fail("/wiki/Portal:Arts", kind)
    if error is None:
        assert requests.get(url, timeout=2).status_code == int(kind)
    else:
        with pytest.raises(error):
            requests.get(url, timeout=0.3)
    assert get_size(web.wiki_urls()[1]) == web.wiki_sizes()[web.wiki_urls()[1]]


@pytest.mark.parametrize("kind, error", [("500", aiohttp.ClientResponseError),
                                         ("reset", aiohttp.ClientOSError),
                                         ("stall", asyncio.TimeoutError)])
def test_faults_as_aiohttp_sees_them(web, kind, error):
    web.fail("/wiki/PHP", kind)

    async def fetch():
        timeout = aiohttp.ClientTimeout(total=0.3)
        async with aiohttp.ClientSession(timeout=timeout, raise_for_status=True) as session:
            async with session.get(web.url("/wiki/PHP")) as response:
                return await response.read()
    with pytest.raises(error):
        asyncio.run(fetch())


def test_reset_releases_a_stalled_request(web):
    web.fail("/wiki/PHP", "stall")
    box = {}

    def fetch():
        try:
            requests.get(web.url("/wiki/PHP"), timeout=30)
        except requests.RequestException as exc:
            box["error"] = exc
    thread = threading.Thread(target=fetch)
    thread.start()
    time.sleep(0.2)
    assert web.traffic.in_flight == 1
    web.reset()
    thread.join(5)
    assert not thread.is_alive() and isinstance(box["error"], requests.ConnectionError)


def test_a_closed_port_refuses(web):
    with pytest.raises(requests.ConnectionError):
        requests.get(web.closed_url(), timeout=2)


def test_unknown_fault_is_refused(web):
    with pytest.raises(ValueError):
        web.fail("/", "teapot")


# ------------------------------------------------------------- no internet

@pytest.mark.parametrize("host, local", [("127.0.0.1", True), ("127.5.5.5", True), ("::1", True),
                                         ("localhost", True), (None, True),
                                         ("en.wikipedia.org", False), ("10.0.0.1", False),
                                         ("0.0.0.0", False), (b"example.com", False)])
def test_is_local(host, local):
    assert loopback.is_local(host) is local


def test_the_plugin_refuses_outside_connections():
    assert loopback.active()   # installed by the conclab plugin for every test run
    with pytest.raises(loopback.OutsideConnection, match="no internet"):
        socket.create_connection(("192.0.2.1", 80), timeout=1)
    with pytest.raises(loopback.OutsideConnection):
        socket.getaddrinfo("en.wikipedia.org", 443)
    with pytest.raises(requests.ConnectionError, match="no internet"):
        requests.get("https://en.wikipedia.org/wiki/PHP", timeout=1)


def test_local_web_fixture_in_a_test_file(pytester):
    pytester.makepyfile(test_it='''
        import requests

        def test_one(local_web):
            local_web.set_latency(0.01)
            url = local_web.wiki_urls()[0]
            assert len(requests.get(url).content) == local_web.wiki_sizes()[url]
            assert local_web.traffic.count() == 1

        def test_two_starts_clean(local_web):
            assert local_web.traffic.count() == 0
            assert local_web.settings.latency == 0
    ''')
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)


# ------------------------------------------------------ serve and the demo

def test_demo_downloads_orders_serial_threads_asyncio():
    from conclab.web import demo
    runs = demo.compare(latency=0.1, workers=5)
    serial, threads, aio = runs
    assert [r.name for r in runs] == ["serial", "threads", "asyncio"]
    assert (serial.most_at_once, threads.most_at_once) == (1, 5)
    # All 15 at once needs 15 connections opened within one latency: on a
    # loaded machine a few may arrive late, but never only the pool's 5.
    assert aio.most_at_once > 5
    assert serial.seconds >= 15 * 0.1 and threads.seconds >= 3 * 0.1
    assert serial.seconds > threads.seconds > aio.seconds


def test_serve_prints_its_urls_and_stops_on_ctrl_c():
    import signal
    import subprocess
    import sys
    proc = subprocess.Popen([sys.executable, "-m", "conclab.cli", "serve", "--port", "0",
                             "--latency", "0"], stdout=subprocess.PIPE, text=True)
    try:
        lines = [proc.stdout.readline() for _ in range(6)]
        wiki = next(line.split()[-1] for line in lines if "/wiki/" in line)
        assert wiki.startswith("http://127.0.0.1:")
        assert requests.get(wiki, timeout=5).status_code == 200
        proc.send_signal(signal.SIGINT)
        out, _ = proc.communicate(timeout=10)
        assert proc.returncode == 0 and "1 requests served" in out
    finally:
        proc.kill()

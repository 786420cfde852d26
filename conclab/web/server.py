"""The local web: an aiohttp server on 127.0.0.1 that graders control and read.

:class:`LocalWeb` serves a :class:`conclab.web.site.Site` from its own event
loop on a daemon thread, so synchronous code (``requests`` in threads) and
asynchronous code (``aiohttp`` in another loop) can both talk to it while the
test's thread watches.  Between a request's arrival and its response the
server can:

- make every request under a prefix wait until ``parties`` of them are in
  flight at once (:meth:`LocalWeb.meet`, trio's forced interleaving applied to
  HTTP): a client that really runs k requests at a time fills the meeting at
  once; one that runs them one after another never does, the meeting gives up
  after its timeout (once) and the count the grader reads shows it;
- wait a fixed latency, for every path or per path;
- fail: answer 500 or 404, stall (never answer, until the test ends), or
  reset the TCP connection.

What it saw is counted in :class:`conclab.web.traffic.Traffic`.

Concurrency:
    Configuration calls run on the server's loop (``call_soon_threadsafe``)
    and return once applied.  :meth:`LocalWeb.reset` releases stalled requests
    (their connections are reset), clears faults and counters.
    :meth:`LocalWeb.stop` closes every connection and joins the thread.
"""
from __future__ import annotations

import asyncio
import concurrent.futures
import html
import logging
import socket
import struct
import threading
from dataclasses import dataclass, field

from aiohttp import web

from conclab.web.site import LISTING_PATH, WIKI_TITLES, Site
from conclab.web.traffic import Traffic

FAULTS = ("500", "404", "stall", "reset")
STALL_LIMIT = 120.0     # s: a stalled request gives up by itself after this (the test is long gone)


@dataclass
class Meeting:
    """Requests under ``prefix`` wait until ``parties`` of them are in flight.

    After ``timeout`` seconds without enough company the meeting gives up for
    good (``broken``) and lets everyone through, so a serial client pays the
    timeout once, not once per request.
    """
    parties: int
    timeout: float = 1.0
    prefix: str = ""
    arrived: int = 0
    opened: bool = False     # all parties were in flight at once
    broken: bool = False     # it gave up waiting
    _event: asyncio.Event = field(default_factory=asyncio.Event, repr=False)

    async def wait(self, path: str) -> None:
        if not path.startswith(self.prefix) or self._event.is_set():
            return
        self.arrived += 1
        if self.arrived >= self.parties:
            self.opened = True
            self._event.set()
            return
        try:
            await asyncio.wait_for(self._event.wait(), self.timeout)
        except asyncio.TimeoutError:
            self.broken = True
            self._event.set()


@dataclass
class Settings:
    latency: float = 0.0
    latency_by_path: dict = field(default_factory=dict)   # path or "prefix*" -> seconds
    faults: dict = field(default_factory=dict)            # path -> one of FAULTS
    meeting: Meeting | None = None

    def latency_for(self, path: str) -> float:
        for pattern, seconds in reversed(list(self.latency_by_path.items())):
            if pattern == path or (pattern.endswith("*") and path.startswith(pattern[:-1])):
                return seconds
        return self.latency


class LocalWeb:
    """The course's own small web, served on ``127.0.0.1``.

    Args:
        seed: content seed (see :class:`conclab.web.site.Site`).
        port: 0 picks a free port.
        movies: how many movies the listing has.
    """

    def __init__(self, seed: int = 0, port: int = 0, movies: int = 12, host: str = "127.0.0.1"):
        self.host = host
        self._port = port
        self._seed, self._movies = seed, movies
        self.traffic = Traffic()
        self.settings = Settings()
        self.site = Site(seed, movies)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._release: asyncio.Event | None = None
        self._runner: web.AppRunner | None = None
        self._server = None

    # ------------------------------------------------------------ lifecycle

    def start(self) -> "LocalWeb":
        """Start serving on a daemon thread; returns once the port accepts connections."""
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, self._port))
        self._port = sock.getsockname()[1]
        self.site = Site(self._seed, self._movies, self.base_url)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="conclab-local-web",
                                        daemon=True)
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._serve(sock), self._loop).result(10)
        return self

    def stop(self) -> None:
        if self._loop is None:
            return
        try:
            asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop).result(10)
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)
            self._loop.close()
            self._loop = None

    def __enter__(self) -> "LocalWeb":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    async def _serve(self, sock: socket.socket) -> None:
        self._release = asyncio.Event()
        app = web.Application(middlewares=[self._observe])
        app.add_routes(_routes(self))
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        server = self._runner.server
        made, lost = server.connection_made, server.connection_lost
        traffic = self.traffic

        # aiohttp's Server is told of every connection of its RequestHandlers;
        # counting here sees TCP connections, not requests.
        def connection_made(handler, transport):
            traffic.connection_made(id(handler))
            made(handler, transport)

        def connection_lost(handler, exc=None):
            traffic.connection_lost(id(handler))
            lost(handler, exc)

        server.connection_made = connection_made
        server.connection_lost = connection_lost
        self._server = await asyncio.get_running_loop().create_server(server, sock=sock)

    async def _shutdown(self) -> None:
        self._release.set()
        self._server.close()
        await self._runner.cleanup()

    # ------------------------------------------------------------- addresses

    @property
    def port(self) -> int:
        return self._port

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self._port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def wiki_urls(self) -> list[str]:
        """The seed's 15 pages, as urls of this server, in the seed's order."""
        return [self.url(p) for p in self.site.wiki_paths()]

    def wiki_sizes(self) -> dict[str, int]:
        """``{url: body size in bytes}`` for every wiki page."""
        return {self.url(p): n for p, n in self.site.wiki_sizes().items()}

    @property
    def listing_url(self) -> str:
        return self.url(LISTING_PATH)

    def closed_url(self) -> str:
        """A url on 127.0.0.1 where nothing listens: connecting is refused."""
        with socket.socket() as sock:
            sock.bind((self.host, 0))
            port = sock.getsockname()[1]
        return f"http://{self.host}:{port}/nothing-here"

    # --------------------------------------------------------- configuration

    def _apply(self, fn) -> None:
        """Run ``fn()`` on the server's loop and wait until it has run."""
        done = concurrent.futures.Future()

        def call():
            try:
                done.set_result(fn())
            except BaseException as exc:  # noqa: BLE001 - handed to the caller
                done.set_exception(exc)
        self._loop.call_soon_threadsafe(call)
        return done.result(10)

    def reset(self, seed: int | None = None, movies: int | None = None) -> None:
        """Forget faults, latencies, meetings and counters; release stalled requests.

        ``seed``/``movies`` change the content (default: keep them).
        """
        def apply():
            self._release.set()
            self._release = asyncio.Event()
            self.settings = Settings()
            self.traffic.reset()
            if seed is not None:
                self._seed = seed
            if movies is not None:
                self._movies = movies
            self.site = Site(self._seed, self._movies, self.base_url)
        self._apply(apply)

    def set_latency(self, seconds: float, path: str | None = None) -> None:
        """Every response waits ``seconds``; with ``path``, only that path
        (or, ending in ``*``, every path under that prefix)."""
        def apply():
            if path is None:
                self.settings.latency = seconds
            else:
                self.settings.latency_by_path[path] = seconds
        self._apply(apply)

    def fail(self, path: str, kind: str) -> None:
        """Make requests to ``path`` fail: ``"500"``, ``"404"``, ``"stall"`` or ``"reset"``."""
        if kind not in FAULTS:
            raise ValueError(f"unknown fault {kind!r}; one of {FAULTS}")
        self._apply(lambda: self.settings.faults.__setitem__(path, kind))

    def meet(self, parties: int, timeout: float = 1.0, prefix: str = "") -> Meeting:
        """Hold requests under ``prefix`` until ``parties`` are in flight at once
        (or ``timeout`` passes once).  Read ``.opened``/``.broken`` afterwards."""
        meeting = Meeting(parties, timeout, prefix)
        self._apply(lambda: setattr(self.settings, "meeting", meeting))
        return meeting

    # ------------------------------------------------------------- serving

    @web.middleware
    async def _observe(self, request: web.Request, handler):
        path = request.path
        settings, release = self.settings, self._release
        record = self.traffic.started(path, id(request.protocol))
        status = None
        try:
            if settings.meeting is not None:
                await settings.meeting.wait(path)
            fault = settings.faults.get(path)
            if fault == "stall":
                try:
                    await asyncio.wait_for(release.wait(), STALL_LIMIT)
                except asyncio.TimeoutError:
                    pass
                raise _reset(request)
            delay = settings.latency_for(path)
            if delay > 0:
                await asyncio.sleep(delay)
            if fault == "reset":
                raise _reset(request)
            if fault in ("500", "404"):
                status = int(fault)
                reason = "Internal Server Error" if status == 500 else "Not Found"
                return web.Response(status=status, text=f"{status} {reason} (a fault the test "
                                                        f"asked for)\n")
            try:
                response = await handler(request)
            except web.HTTPException as exc:
                status = exc.status
                raise
            status = response.status
            return response
        finally:
            self.traffic.ended(record, status)


def _reset(request: web.Request) -> BaseException:
    """Drop the connection with a TCP reset; the returned error ends the handler."""
    transport = request.transport
    if transport is not None:
        sock = transport.get_extra_info("socket")
        if sock is not None:
            # SO_LINGER with a zero timeout makes close() send RST, not FIN.
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        transport.abort()
    return ConnectionResetError("connection reset by the local web (a fault the test asked for)")


def _not_a_dropped_connection(record: logging.LogRecord) -> bool:
    # aiohttp logs a handler's connection error as an unhandled exception.
    # Here it never is one: either the test asked for a reset, or a client
    # gave up (its own timeout, a cancelled task) while the server waited.
    error = record.exc_info[1] if record.exc_info else None
    return not isinstance(error, ConnectionResetError)


logging.getLogger("aiohttp.server").addFilter(_not_a_dropped_connection)


def _routes(web_: LocalWeb) -> list:
    async def index(request):
        links = "".join(f'<li><a href="{web_.url(p)}">{html.escape(p)}</a></li>\n'
                        for p in web_.site.wiki_paths())
        body = ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>conclab local web"
                "</title></head><body>\n<h1>conclab local web</h1>\n<h2>wiki</h2>\n<ul>\n"
                f"{links}</ul>\n<h2>movies</h2>\n<p><a href=\"{web_.listing_url}\">"
                "即将上映的电影</a></p>\n</body></html>\n")
        return web.Response(text=body, content_type="text/html")

    async def wiki(request):
        title = request.match_info["title"]
        if title not in WIKI_TITLES:
            raise web.HTTPNotFound(text=f"no wiki page {title!r}\n")
        # Chunked, like many real servers: the body's size is only known by
        # reading it (aiohttp's resp.content_length is None here).  Returned,
        # not streamed from here: aiohttp sends it after the middleware has
        # counted the request as ended, so a client that has the whole page
        # can never be seen in flight beside its own next request.
        response = web.Response(body=web_.site.wiki_body(title),
                                headers={"Content-Type": "text/html; charset=utf-8"})
        response.enable_chunked_encoding()
        return response

    async def listing(request):
        return web.Response(text=web_.site.listing_html(), content_type="text/html")

    async def detail(request):
        movie = web_.site.movie(int(request.match_info["id"]))
        if movie is None:
            raise web.HTTPNotFound(text="no such movie\n")
        return web.Response(text=web_.site.detail_html(movie), content_type="text/html")

    async def image(request):
        return web.Response(body=web_.site.image_bytes(request.path), content_type="image/jpeg")

    return [
        web.get("/", index),
        web.get("/wiki/{title}", wiki),
        web.get(LISTING_PATH, listing),
        web.get(r"/subject/{id:\d+}/", detail),
        web.get(r"/img/{kind:poster|thumb}/{id:\d+}.jpg", image),
        web.get("/img/logo.png", image),
    ]

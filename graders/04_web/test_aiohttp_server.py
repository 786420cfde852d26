"""Hidden grader for aiohttp_server: the seed's aiohttp server, made right.

The student's ``make_app(delay)`` is served the way aiohttp tests its own
apps: ``aiohttp.test_utils.TestServer`` on a free port of 127.0.0.1, with a
``TestClient`` sending the requests, in a fresh event loop on a watched
helper thread (:mod:`conclab.loopwatch`): a handler that blocks the loop
(``time.sleep``) fails with the line that blocks it, and nothing can hang.

Before starting an app the grader appends its own middleware to it
(:class:`HandlerWatch`, innermost, right around the student's handler): it
records when each handler ran and how it ended (an exception is named), and
it can hold requests until ``k`` are in flight at once (a forced meeting,
given up after ``HOLD`` s).  Concurrency is read from those intervals: after
the meeting opens, every held request enters its handler in the same loop
iteration, so handlers that ``await`` their delay all overlap however loaded
the machine is, and handlers that block run one after another.

Checked: the bodies (index; hello with a plain and a Chinese name; 404 for
other paths), ``text/html; charset=utf-8``, an HTML-escaped name, 20
requests in their handlers at once, each app honouring its own delay,
no blocked loop, no deprecated aiohttp API while building and starting the
app, ``make_app`` in a thread with no event loop, and ``main`` handing the
app to ``web.run_app``.  Wall time comes last, in one ``timing`` test: 20
requests of 0.1 s within 0.45 s (one after another: 2 s).
"""
import asyncio
import html
import linecache
import os
import re
import time
import warnings
from contextlib import asynccontextmanager
from dataclasses import dataclass

import pytest
from aiohttp import test_utils, web

from conclab import loopwatch
from conclab.interleave import StillRunning, call_with_timeout
from conclab.timeline import Interval, max_concurrency, render

LIMIT = 4.0      # s: hard timeout of one served scenario (the longest needs ~0.6 s)
BLOCKED = 0.3    # s: an event loop that does not turn for this long is blocked
HOLD = 1.0       # s: how long a meeting holds requests waiting for the others
FAST = 0.01      # s: the delay where only the answers matter
OLD_API = (DeprecationWarning, PendingDeprecationWarning, FutureWarning, web.NotAppKeyWarning)


class NotAnApp(Exception):
    """make_app() returned something that is not a web.Application."""


# --- watching the student's handlers ------------------------------------------

@dataclass
class Handled:
    """One request as the grader's middleware saw it."""
    path: str             # as the server decoded it, e.g. "/hello/小明"
    label: str            # arrival order and path, e.g. "#03 GET /hello/n3"
    start: float
    end: float | None = None
    how: str = "running"  # "answered 200", "raised KeyError: 'name'", ...

    @property
    def duration(self) -> float:
        return (self.end if self.end is not None else time.perf_counter()) - self.start


class HandlerWatch:
    """The grader's middleware: when each handler ran, and an optional meeting.

    Args:
        meet: hold every request until this many are in flight at once (or
            ``HOLD`` seconds passed since the first arrived); 0: no meeting.
    """

    def __init__(self, meet: int = 0):
        self.meet = meet
        self.calls: list[Handled] = []
        self.arrived = 0
        self.broken = False          # the meeting gave up waiting
        self._opened = None          # asyncio.Event, made in the serving loop
        self._deadline = None

    async def _meeting(self):
        if not self.meet:
            return
        if self._opened is None:
            self._opened = asyncio.Event()
            self._deadline = time.perf_counter() + HOLD
        self.arrived += 1
        if self.arrived >= self.meet:
            self._opened.set()
        try:
            await asyncio.wait_for(self._opened.wait(),
                                   max(0.0, self._deadline - time.perf_counter()))
        except asyncio.TimeoutError:
            self.broken = True
            self._opened.set()       # once given up, for good: a serial app pays once

    def install(self, app):
        @web.middleware
        async def watch_handlers(request, handler):
            await self._meeting()
            call = Handled(request.path, f"#{len(self.calls) + 1:02d} {request.method} "
                                         f"{request.path}", time.perf_counter())
            self.calls.append(call)
            try:
                response = await handler(request)
            except web.HTTPException as exc:
                call.how = f"answered {exc.status}"
                raise
            except Exception as exc:
                call.how = f"raised {type(exc).__name__}: {exc}"
                raise
            except BaseException:
                call.how = "cancelled"
                raise
            else:
                call.how = f"answered {getattr(response, 'status', '?')}"
                return response
            finally:
                call.end = time.perf_counter()
        # Innermost: it times the student's handler, not the student's middlewares.
        app.middlewares.append(watch_handlers)

    def intervals(self) -> list[Interval]:
        return [Interval(c.label, c.start, c.end if c.end is not None else c.start, c.how)
                for c in self.calls]

    def picture(self) -> str:
        return render(self.intervals())

    def raised(self, path) -> list[Handled]:
        """The handlers that raised, those for ``path`` first."""
        failed = [c for c in self.calls if c.how.startswith("raised")]
        return sorted(failed, key=lambda c: c.path != path)


# --- serving the student's app ------------------------------------------------

@dataclass
class Reply:
    path: str
    status: int
    content_type: str     # the whole Content-Type header
    mimetype: str         # e.g. "text/html"
    charset: str | None   # from the header, None when it declares none
    body: bytes

    def shown(self) -> str:
        """The body as a browser would show it: the declared charset, else a guess."""
        # Without a charset browsers guess from the locale: windows-1252 in
        # English, GBK in Chinese; UTF-8 bytes decoded either way are garbage.
        return self.body.decode(self.charset or "windows-1252", errors="replace")


def build(exercise, delay):
    """``make_app(delay)``, checked to be a web.Application."""
    app = exercise.make_app(delay)
    if not isinstance(app, web.Application):
        raise NotAnApp(f"make_app({delay!r}) returned {type(app).__name__} {app!r:.80}, not a "
                       f"web.Application: build one with web.Application(), add the routes, "
                       f"and return it (without starting it)")
    return app


@asynccontextmanager
async def started(app, watch):
    """The app served on 127.0.0.1 by aiohttp's TestServer, with a TestClient for it."""
    watch.install(app)
    async with test_utils.TestClient(test_utils.TestServer(app)) as client:
        yield client


async def get(client, path) -> Reply:
    async with client.get(path) as response:
        body = await response.read()
        return Reply(path, response.status, response.headers.get("Content-Type", ""),
                     response.content_type, response.charset, body)


def run(exercise, scenario, what):
    """``scenario()`` in a fresh, watched event loop: its value, or a failure that teaches."""
    try:
        out = loopwatch.run(scenario, timeout=LIMIT, blocked_after=BLOCKED,
                            path=exercise.path, what=what)
        blocked = None
    except loopwatch.LoopBlocked as exc:
        blocked = exc
    if blocked is not None:   # failed outside the except: no "during handling" echo
        pytest.fail(f"{blocked}\nA handler that waits with time.sleep stops the whole server: "
                    f"no other request is even read meanwhile. Inside `async def`, wait with "
                    f"`await asyncio.sleep(...)`", pytrace=False)
    if out.timed_out:
        pytest.fail(f"{what} did not finish within {LIMIT:g} s", pytrace=False)
    error = out.error
    if isinstance(error, NotImplementedError):
        raise error
    if isinstance(error, NotAnApp):
        pytest.fail(str(error), pytrace=False)
    if isinstance(error, RuntimeError) and "different loop" in str(error):
        pytest.fail(f"{what}: the app could not be started: RuntimeError: {error}. "
                    f"web.Application(loop=...) ties the app to one event loop, but every "
                    f"server (web.run_app, a test client) starts its own. Build it with "
                    f"web.Application() and no loop", pytrace=False)
    if error is not None:
        pytest.fail(f"{what} raised {type(error).__name__}: {error}", pytrace=False)
    return out.value


def serve(exercise, paths, delay=FAST, meet=0):
    """GET every path at once from a fresh ``make_app(delay)``: (replies, watch, seconds)."""
    watch = HandlerWatch(meet)

    async def scenario():
        app = build(exercise, delay)
        async with started(app, watch) as client:
            start = time.perf_counter()
            replies = await asyncio.gather(*(get(client, path) for path in paths))
            return replies, time.perf_counter() - start
    replies, seconds = run(exercise, scenario, f"serving make_app({delay})")
    return replies, watch, seconds


def check_ok(reply, watch):
    """A failure that teaches unless ``reply`` is a 200."""
    if reply.status == 200:
        return
    raised = watch.raised(reply.path)
    if raised:
        why = f": your handler for GET {raised[0].path} {raised[0].how}"
    elif reply.status == 404:
        why = (": no route matched. The routes are GET / and GET /hello/{name} (a "
               "placeholder in braces, read back with request.match_info['name'])")
    else:
        why = ""
    pytest.fail(f"GET {reply.path} answered {reply.status} "
                f"{reply.body[:120].decode('utf-8', 'replace')!r}, expected 200{why}",
                pytrace=False)


def same_file(a, b) -> bool:
    return os.path.realpath(str(a)) == os.path.realpath(str(b))


def line_of(filename, lineno) -> str:
    source = linecache.getline(filename, lineno).strip()
    return f"{os.path.basename(filename)} line {lineno}" + (f": `{source}`" if source else "")


def call_in_new_thread(fn, *args, name):
    """``fn(*args)`` in a fresh thread, which has no event loop: (value, error).

    NotImplementedError is re-raised (the stub); any other error, including
    StillRunning after 2 s, is returned for the caller to explain.
    """
    try:
        return call_with_timeout(fn, *args, timeout=2.0, name=name), None
    except NotImplementedError:
        raise
    except Exception as exc:  # noqa: BLE001 - the student's error, explained by the caller
        return None, exc


def expect(condition, message):
    """Fail with ``message`` alone (no traceback: the message is the lesson)."""
    if not condition:
        pytest.fail(message, pytrace=False)


def greeting(name):
    return f"<h1>hello, {name}!</h1>"


# --- the pages ----------------------------------------------------------------

@pytest.mark.points(1)
@pytest.mark.timeout(10)
def test_index_page(exercise):
    [reply], watch, _ = serve(exercise, ["/"])
    check_ok(reply, watch)
    expect(reply.shown() == "<h1>Index</h1>", (
        f"GET / answered {reply.shown()!r}, expected '<h1>Index</h1>'"))


@pytest.mark.points(1)
@pytest.mark.timeout(10)
def test_hello_page(exercise):
    names = ["Michael", "Ada"]
    replies, watch, _ = serve(exercise, [f"/hello/{name}" for name in names])
    for name, reply in zip(names, replies):
        check_ok(reply, watch)
        expect(reply.shown() == greeting(name), (
            f"GET /hello/{name} answered {reply.shown()!r}, expected {greeting(name)!r}: the "
            f"name comes from the path (request.match_info['name'])"))


@pytest.mark.points(1)
@pytest.mark.timeout(10)
def test_hello_chinese_name(exercise):
    name = "小明"
    [reply], watch, _ = serve(exercise, [f"/hello/{name}"])
    check_ok(reply, watch)
    shown = reply.shown()
    if shown == greeting(name):
        return
    if reply.charset:
        declared = f"declares charset={reply.charset}, and the page shows"
    elif reply.mimetype.startswith("text/"):
        declared = ("declares no charset, so a browser guesses one (windows-1252 in English, "
                    "GBK in Chinese): read as windows-1252 the page shows")
    else:
        declared = ("is no web page (a browser saves it as a file) and declares no charset: "
                    "read as windows-1252 it shows")
    pytest.fail(f"GET /hello/{name} was sent as {reply.content_type!r}, which {declared} "
                f"{shown!r} instead of {greeting(name)!r}. web.Response(text=..., "
                f"content_type='text/html') encodes the text as UTF-8 and says so "
                f"(charset=utf-8); body=text.encode() sends bytes with no charset",
                pytrace=False)


@pytest.mark.points(1)
@pytest.mark.timeout(10)
def test_unknown_path_is_404(exercise):
    paths = ["/nothing-here", "/hello/"]
    replies, watch, _ = serve(exercise, paths)
    wrong = [f"GET {r.path} -> {r.status} {r.body[:60].decode('utf-8', 'replace')!r}"
             for r in replies if r.status != 404]
    expect(not wrong, (
        f"paths without a route must answer 404 Not Found, but: {'; '.join(wrong)}. "
        f"Register exactly GET / and GET /hello/{{name}}; aiohttp answers 404 for the rest"))


@pytest.mark.points(1)
@pytest.mark.timeout(10)
def test_pages_are_html_in_utf8(exercise):
    replies, watch, _ = serve(exercise, ["/", "/hello/Michael"])
    for reply in replies:
        check_ok(reply, watch)
        ok = reply.mimetype == "text/html" and (reply.charset or "").lower() in ("utf-8", "utf8")
        expect(ok, (
            f"GET {reply.path} was sent with Content-Type {reply.content_type!r}, expected "
            f"'text/html; charset=utf-8'. With application/octet-stream a browser downloads the "
            f"page, with text/plain it shows the tags as text, and without a charset it guesses "
            f"the encoding. Use web.Response(text=..., content_type='text/html')"))


@pytest.mark.points(2)
@pytest.mark.timeout(10)
def test_name_is_escaped(exercise):
    # The second name checks '&': unescaped, the browser would show "<b>".
    names = ["<img src=x onerror=alert(1)>", "&lt;b&gt;"]
    replies, watch, _ = serve(exercise, [f"/hello/{name}" for name in names])
    for name, reply in zip(names, replies):
        check_ok(reply, watch)
        text = reply.shown()
        match = re.fullmatch(r"<h1>hello, (.*)!</h1>", text, re.S)
        inner = match.group(1) if match else text
        if match and "<" not in inner and ">" not in inner and html.unescape(inner) == name:
            continue
        pytest.fail(f"GET /hello/{name} answered {text!r}: the browser would "
                    f"{'run the tag in it' if '<' in inner else f'show {html.unescape(inner)!r}'}"
                    f" instead of showing the name as typed. Whoever types the url chooses the "
                    f"name: write it with html.escape(name), which turns <, >, & and quotes "
                    f"into &lt; &gt; &amp; &quot;", pytrace=False)


# --- concurrency ----------------------------------------------------------------

@pytest.mark.points(3)
@pytest.mark.timeout(10)
def test_requests_are_handled_at_the_same_time(exercise):
    delay, count = 0.1, 20
    paths = [f"/hello/n{i}" if i % 2 else "/" for i in range(count)]
    replies, watch, seconds = serve(exercise, paths, delay=delay, meet=count)
    for reply in replies:
        check_ok(reply, watch)
    at_once = max_concurrency(watch.intervals())
    if at_once == count:
        return
    longest = max((c.duration for c in watch.calls), default=0.0)
    if longest < delay / 2:
        why = (f"each handler returned after {longest * 1000:.0f} ms instead of waiting "
               f"{delay * 1000:.0f} ms: `asyncio.sleep(delay)` without `await` only builds a "
               f"coroutine and throws it away; write `await asyncio.sleep(delay)`")
    else:
        why = ("one handler ran at a time: it waits without giving the event loop back "
               "(time.sleep, or a blocking call). Only `await asyncio.sleep(delay)` lets the "
               "loop serve the other requests meanwhile")
    pytest.fail(f"{count} requests were in the server at once, but their handlers ran at most "
                f"{at_once} at a time ({seconds:.2f} s for {count} waits of {delay} s):\n"
                f"{watch.picture()}\n{why}", pytrace=False)


@pytest.mark.points(2)
@pytest.mark.timeout(10)
def test_handler_does_not_block_the_loop(exercise):
    # A wait longer than BLOCKED: a blocking handler stops the watched loop's
    # ticks, and the failure names the line of the student's file doing it.
    replies, watch, _ = serve(exercise, ["/", "/hello/Ada"], delay=0.5)
    for reply in replies:
        check_ok(reply, watch)


@pytest.mark.points(2)
@pytest.mark.timeout(10)
def test_each_app_honours_its_delay(exercise):
    quick, slow = 0.05, 0.25
    watches = [HandlerWatch(), HandlerWatch()]

    async def scenario():
        # Both apps are built before either serves: a delay kept in a module
        # global instead of on the app shows as the second one's.
        apps = [build(exercise, quick), build(exercise, slow)]
        replies = []
        for app, watch in zip(apps, watches):
            async with started(app, watch) as client:
                replies.append(await get(client, "/hello/Ada"))
        return replies
    replies = run(exercise, scenario, f"serving make_app({quick}) and make_app({slow})")
    for reply, watch in zip(replies, watches):
        check_ok(reply, watch)
    took = [w.calls[0].duration if w.calls else 0.0 for w in watches]
    ok = quick - 0.005 <= took[0] < quick + 0.15 and took[1] >= slow - 0.005
    expect(ok, (
        f"make_app({quick}) answered after {took[0] * 1000:.0f} ms and make_app({slow}) after "
        f"{took[1] * 1000:.0f} ms; each handler must wait its own app's delay. Store the "
        f"delay on the app (app[DELAY_KEY] = delay) and read it in the handler "
        f"(request.app[DELAY_KEY]): not DELAY, not a number typed in, not a global that the "
        f"next make_app() overwrites"))


# --- building and starting it -------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.timeout(10)
def test_building_and_starting_uses_no_deprecated_api(exercise):
    watch = HandlerWatch()

    async def scenario():
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            app = build(exercise, FAST)
            async with started(app, watch) as client:
                reply = await get(client, "/")
        return reply, list(caught)
    reply, caught = run(exercise, scenario, f"building and serving make_app({FAST})")
    mine = [w for w in caught
            if issubclass(w.category, OLD_API) and same_file(w.filename, exercise.path)]
    if mine:
        lines = "\n".join(f"  {line_of(w.filename, w.lineno)}: {w.category.__name__}: "
                          f"{str(w.message).splitlines()[0]}" for w in mine)
        advice = []
        if any(not issubclass(w.category, web.NotAppKeyWarning) for w in mine):
            advice.append("web.Application(loop=...), app.make_handler() and "
                          "asyncio.get_event_loop() outside a running loop are deprecated "
                          "(gone in aiohttp 4 and Python 3.14): build with web.Application() "
                          "and start with web.run_app (or AppRunner + TCPSite)")
        if any(issubclass(w.category, web.NotAppKeyWarning) for w in mine):
            advice.append("a setting stored on the app needs a typed key, not a string: "
                          "DELAY_KEY = web.AppKey('delay', float), then app[DELAY_KEY] = delay")
        pytest.fail(f"building and starting your app warned:\n{lines}\n"
                    + ". ".join(advice), pytrace=False)
    check_ok(reply, watch)


@pytest.mark.points(1)
@pytest.mark.timeout(10)
def test_make_app_works_in_a_thread_without_an_event_loop(exercise):
    app, error = call_in_new_thread(exercise.make_app, FAST, name="make_app")
    if isinstance(error, StillRunning):
        pytest.fail(str(error), pytrace=False)
    if error is not None:
        pytest.fail(f"make_app({FAST}) called in a new thread raised {type(error).__name__}: "
                    f"{str(error).rstrip('.')}. That thread has no event loop, and asyncio.get_event_loop() there is an "
                    f"error (in the main thread a deprecation). Building an app needs no loop: "
                    f"web.Application() without loop=; the server that runs it brings its own",
                    pytrace=False)
    watch = HandlerWatch()

    async def scenario():
        if not isinstance(app, web.Application):
            raise NotAnApp(f"make_app({FAST}) returned {type(app).__name__}, not a "
                           f"web.Application")
        async with started(app, watch) as client:
            return await get(client, "/")
    reply = run(exercise, scenario, f"serving the app make_app({FAST}) built in another thread")
    check_ok(reply, watch)


@pytest.mark.points(1)
@pytest.mark.timeout(10)
def test_main_hands_the_app_to_run_app(exercise, monkeypatch):
    calls = []

    def fake_run_app(app, *args, **kwargs):
        calls.append((app, args, kwargs))
    # Both the attribute of aiohttp.web and a name imported into the student's module.
    monkeypatch.setattr(web, "run_app", fake_run_app)
    if hasattr(exercise.module, "run_app"):
        monkeypatch.setattr(exercise.module, "run_app", fake_run_app)
    host, port = "127.0.0.1", 8765
    _, error = call_in_new_thread(exercise.main, host, port, name="main")
    if isinstance(error, StillRunning):
        pytest.fail(f"main({host!r}, {port}) did not return although web.run_app was replaced "
                    f"by a stand-in that returns at once: it runs a loop of its own (the seed's "
                    f"loop.run_forever()). Let web.run_app(make_app(), host=host, port=port) "
                    f"run the server", pytrace=False)
    if error is not None:
        pytest.fail(f"main({host!r}, {port}) raised {type(error).__name__}: "
                    f"{str(error).rstrip('.')}. It should "
                    f"only call web.run_app(make_app(), host=host, port=port)", pytrace=False)
    expect(len(calls) == 1, (
        f"main({host!r}, {port}) called web.run_app {len(calls)} times, expected once: "
        f"web.run_app(make_app(), host=host, port=port) replaces the seed's "
        f"get_event_loop() / create_server(app.make_handler(), ...) / run_forever()"))
    app, args, kwargs = calls[0]
    given = {"host": kwargs.get("host"), "port": kwargs.get("port")}
    expect(isinstance(app, web.Application) and given == {"host": host, "port": port}, (
        f"main({host!r}, {port}) called web.run_app({type(app).__name__}, "
        f"host={given['host']!r}, port={given['port']!r}); expected the app from make_app() "
        f"and host={host!r}, port={port}"))


# --- wall time ------------------------------------------------------------------

@pytest.mark.points(1)
@pytest.mark.timeout(15)
@pytest.mark.timing
def test_twenty_requests_take_about_one_delay(exercise):
    delay, count = 0.1, 20
    bound = delay + 0.35
    paths = [f"/hello/t{i}" for i in range(count)]
    replies, watch, seconds = serve(exercise, paths, delay=delay)
    for reply in replies:
        check_ok(reply, watch)
    expect(seconds >= delay - 0.005, (
        f"{count} requests took {seconds * 1000:.0f} ms, less than one delay of "
        f"{delay * 1000:.0f} ms: the handlers do not wait (a missing await?)"))
    expect(seconds <= bound, (
        f"{count} requests to handlers that wait {delay} s each took {seconds:.2f} s (one "
        f"after another: {count * delay:.1f} s); served at the same time they take about one "
        f"delay (allowed: {bound:.2f} s):\n{watch.picture()}"))

"""Visible tests for aiohttp_server: run `pytest exercises/04_web/04_aiohttp_server`.

Each test serves your ``make_app(delay)`` the way aiohttp tests its own apps:
``aiohttp.test_utils.TestServer`` on a free port of 127.0.0.1 and a
``TestClient`` that sends the requests, in a fresh event loop
(``asyncio.run``).  The hidden grader checks more (for instance that all the
handlers really wait at the same time, that each app keeps its own delay, and
that no deprecated aiohttp API is used).
"""
import asyncio
import time

from aiohttp import test_utils


def fetch(exercise, paths, delay=0.01):
    """GET every path at once from a fresh make_app(delay); ([(status, type, text)], seconds)."""
    async def scenario():
        app = exercise.make_app(delay)
        async with test_utils.TestClient(test_utils.TestServer(app)) as client:
            async def get(path):
                async with client.get(path) as response:
                    return response.status, response.headers.get("Content-Type"), \
                        await response.text()
            start = time.perf_counter()
            replies = await asyncio.gather(*(get(path) for path in paths))
            return replies, time.perf_counter() - start
    return asyncio.run(scenario())


def test_index(exercise):
    [(status, _, text)], _ = fetch(exercise, ["/"])
    assert (status, text) == (200, "<h1>Index</h1>"), f"GET / answered {status} {text!r}"


def test_hello(exercise):
    replies, _ = fetch(exercise, ["/hello/Michael", "/hello/小明"])
    assert replies[0][2] == "<h1>hello, Michael!</h1>", f"GET /hello/Michael answered {replies[0]}"
    assert replies[1][2] == "<h1>hello, 小明!</h1>", f"GET /hello/小明 answered {replies[1]}"


def test_html_in_utf8(exercise):
    [(_, content_type, _)], _ = fetch(exercise, ["/hello/Michael"])
    assert content_type == "text/html; charset=utf-8", (
        f"sent as {content_type!r}; use web.Response(text=..., content_type='text/html')")


def test_name_is_escaped(exercise):
    [(_, _, text)], _ = fetch(exercise, ["/hello/<b>Tom<b>"])
    assert text == "<h1>hello, &lt;b&gt;Tom&lt;b&gt;!</h1>", (
        f"GET /hello/<b>Tom<b> answered {text!r}: the name must be HTML-escaped (html.escape)")


def test_unknown_path_is_404(exercise):
    [(status, _, _)], _ = fetch(exercise, ["/nothing-here"])
    assert status == 404, f"GET /nothing-here answered {status}, expected 404"


def test_ten_requests_wait_together(exercise):
    replies, seconds = fetch(exercise, [f"/hello/n{i}" for i in range(10)], delay=0.2)
    assert all(status == 200 for status, _, _ in replies), replies
    assert seconds >= 0.19, f"took {seconds:.2f} s: each handler must wait `delay` (0.2 s)"
    assert seconds < 1.0, (f"10 requests of 0.2 s took {seconds:.2f} s (one after another: "
                           f"2 s); with `await asyncio.sleep(delay)` they take about 0.2 s")

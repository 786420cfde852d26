# Your file: write your solution here. (Generated from solutions/04_web/aiohttp_server.py by `conclab build`; course maintainers edit that file instead.)
"""A small aiohttp web server whose handlers wait without blocking each other.

The seed's server: ``GET /`` answers ``<h1>Index</h1>`` and ``GET
/hello/{name}`` answers ``<h1>hello, {name}!</h1>``, each after waiting
0.5 s (``await asyncio.sleep(0.5)``, standing in for a database query or a
call to another service).  Because the handlers ``await`` their wait, one
event loop serves many requests at the same time: 20 requests together take
about 0.5 s, not 10 s.

What changed from the seed (see the README): the app is built by a factory,
``make_app(delay)``, that needs no event loop (no ``loop=``, no
``get_event_loop()``), and is started with ``web.run_app`` instead of
``loop.create_server(app.make_handler(), ...)``; the delay is stored on the
app under a typed ``web.AppKey``; the name is HTML-escaped (the seed let
``/hello/<script>...`` inject markup); the answer says ``text/html;
charset=utf-8`` (the seed's ``body=`` bytes were sent as
``application/octet-stream`` with no charset).

Run ``python aiohttp_server.py`` to watch 20 requests served at once, or
``python aiohttp_server.py serve`` to serve http://127.0.0.1:8000 for a browser.
"""
import asyncio
import html

from aiohttp import web

DELAY = 0.5   # seconds each handler waits (the seed's 0.5)

# A typed key for the delay stored on the app.  aiohttp >= 3.9 warns
# (NotAppKeyWarning) when an app stores settings under a plain string key.
DELAY_KEY = web.AppKey("delay", float)


async def index(request):
    """``GET /``: wait ``request.app[DELAY_KEY]`` seconds, then answer ``<h1>Index</h1>``.

    Args:
        request: the ``web.Request``; its app holds the delay under ``DELAY_KEY``.

    Returns:
        A ``web.Response`` with the body ``<h1>Index</h1>``, content type
        ``text/html; charset=utf-8``.

    Concurrency:
        Waits with ``await asyncio.sleep``: while this request waits, the
        event loop serves every other request.  ``time.sleep`` would stop the
        whole server (every request, every connection) for the delay.
    """
    # YOUR CODE HERE
    raise NotImplementedError


async def hello(request):
    """``GET /hello/{name}``: wait, then greet ``name``, HTML-escaped.

    Args:
        request: the ``web.Request``; ``request.match_info["name"]`` is the
            name from the path, already percent-decoded (``/hello/%E5%B0%8F``
            gives ``'小'``).

    Returns:
        A ``web.Response`` with the body ``<h1>hello, {name}!</h1>``, where
        ``<``, ``>``, ``&`` and quotes in the name are written as HTML
        entities (``html.escape``), content type ``text/html; charset=utf-8``.

    Concurrency:
        As ``index``: the wait is an ``await``, never a blocking call.
    """
    # YOUR CODE HERE
    raise NotImplementedError


def make_app(delay=DELAY):
    """Build the web application: its routes, and the delay its handlers wait.

    Args:
        delay: seconds each handler waits before answering.

    Returns:
        A ``web.Application`` (not started) with ``GET /`` and
        ``GET /hello/{name}``; any other path answers 404.

    Concurrency:
        Builds only; nothing runs yet.  Needs no event loop: it must work in
        a thread that has none, and uses no deprecated aiohttp API
        (``loop=``, ``make_handler()``, string keys on the app).  Two apps
        built with different delays each keep their own.
    """
    # YOUR CODE HERE
    raise NotImplementedError


def main(host="127.0.0.1", port=8000):
    """Serve ``make_app()`` on ``host:port`` until Ctrl-C.

    Args:
        host: the address to listen on (127.0.0.1: this machine only).
        port: the TCP port.

    Concurrency:
        Blocks the calling thread: ``web.run_app`` creates the event loop,
        starts the server, runs until interrupted, then shuts down cleanly.
    """
    # YOUR CODE HERE
    raise NotImplementedError


if __name__ == "__main__":
    import sys
    import time

    import aiohttp

    async def demo(delay=0.2, how_many=20):
        # The app on a free port of 127.0.0.1 (AppRunner: run_app would block).
        runner = web.AppRunner(make_app(delay))
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = runner.addresses[0][1]
        base = f"http://127.0.0.1:{port}"
        try:
            async with aiohttp.ClientSession() as session:
                for path in ["/", "/hello/Michael", "/hello/小明", "/hello/<img src=x onerror=alert(1)>"]:
                    async with session.get(base + path) as response:
                        print(f"GET {path} -> {response.status} {response.content_type} "
                              f"charset={response.charset}: {await response.text()}")

                async def get(path):
                    async with session.get(base + path) as response:
                        return await response.text()
                start = time.perf_counter()
                await asyncio.gather(*(get(f"/hello/n{i}") for i in range(how_many)))
                elapsed = time.perf_counter() - start
                print(f"{how_many} requests at once, each waiting {delay} s: {elapsed:.2f} s "
                      f"(one after another: {how_many * delay:.1f} s)")
        finally:
            await runner.cleanup()

    if sys.argv[1:] == ["serve"]:
        print("Serving http://127.0.0.1:8000/hello/Michael (Ctrl-C stops)")
        main()
    else:
        asyncio.run(demo())

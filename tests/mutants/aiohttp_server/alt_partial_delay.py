# alternative: no app key: the delay bound to each handler with functools.partial; UTF-8 bytes with an explicit charset
# expect: full
import asyncio
import functools
import html

from aiohttp import web

DELAY = 0.5


def html_page(text):
    return web.Response(body=text.encode("utf-8"), content_type="text/html", charset="utf-8")


async def index(delay, request):
    await asyncio.sleep(delay)
    return html_page("<h1>Index</h1>")


async def hello(delay, request):
    await asyncio.sleep(delay)
    return html_page("<h1>hello, %s!</h1>" % html.escape(request.match_info["name"]))


def make_app(delay=DELAY):
    app = web.Application()
    app.router.add_route("GET", "/", functools.partial(index, delay))
    app.router.add_route("GET", "/hello/{name}", functools.partial(hello, delay))
    return app


def main(host="127.0.0.1", port=8000):
    web.run_app(make_app(), host=host, port=port)

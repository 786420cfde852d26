# mutant: web.Response(text=...) without content_type: text/plain, so the browser shows the <h1> tags as text
# expect-fail: test_pages_are_html_in_utf8
import asyncio
import html

from aiohttp import web

DELAY = 0.5
DELAY_KEY = web.AppKey("delay", float)


async def index(request):
    await asyncio.sleep(request.app[DELAY_KEY])
    return web.Response(text="<h1>Index</h1>")


async def hello(request):
    await asyncio.sleep(request.app[DELAY_KEY])
    name = html.escape(request.match_info["name"])
    return web.Response(text=f"<h1>hello, {name}!</h1>")


def make_app(delay=DELAY):
    app = web.Application()
    app[DELAY_KEY] = delay
    app.router.add_get("/", index)
    app.router.add_get("/hello/{name}", hello)
    return app


def main(host="127.0.0.1", port=8000):
    web.run_app(make_app(), host=host, port=port)

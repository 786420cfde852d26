# alternative: class-based web.View handlers (add_view), escaping with quote=False, imported run_app
# expect: full
import asyncio
from html import escape

from aiohttp import web
from aiohttp.web import run_app

DELAY = 0.5
WAIT = web.AppKey("wait", float)


class Index(web.View):
    async def get(self):
        await asyncio.sleep(self.request.app[WAIT])
        return web.Response(text="<h1>Index</h1>", content_type="text/html")


class Hello(web.View):
    async def get(self):
        await asyncio.sleep(self.request.app[WAIT])
        name = escape(self.request.match_info["name"], quote=False)
        return web.Response(text=f"<h1>hello, {name}!</h1>", content_type="text/html")


def make_app(delay=DELAY):
    app = web.Application()
    app[WAIT] = delay
    app.router.add_view("/", Index)
    app.router.add_view("/hello/{name}", Hello)
    return app


def main(host="127.0.0.1", port=8000):
    run_app(make_app(), host=host, port=port)

# mutant: the handlers sleep the seed's 0.5 s as a number; make_app's delay is stored but never used
# expect-fail: test_each_app_honours_its_delay
import asyncio
import html

from aiohttp import web

DELAY = 0.5
DELAY_KEY = web.AppKey("delay", float)


async def index(request):
    await asyncio.sleep(0.5)
    return web.Response(text="<h1>Index</h1>", content_type="text/html")


async def hello(request):
    await asyncio.sleep(0.5)
    name = html.escape(request.match_info["name"])
    return web.Response(text=f"<h1>hello, {name}!</h1>", content_type="text/html")


def make_app(delay=DELAY):
    app = web.Application()
    app[DELAY_KEY] = delay
    app.router.add_get("/", index)
    app.router.add_get("/hello/{name}", hello)
    return app


def main(host="127.0.0.1", port=8000):
    web.run_app(make_app(), host=host, port=port)

# mutant: make_app keeps the delay in a module global: the next make_app() changes the delay of every app built before
# expect-fail: test_each_app_honours_its_delay
import asyncio
import html

from aiohttp import web

DELAY = 0.5
current_delay = DELAY


async def index(request):
    await asyncio.sleep(current_delay)
    return web.Response(text="<h1>Index</h1>", content_type="text/html")


async def hello(request):
    await asyncio.sleep(current_delay)
    name = html.escape(request.match_info["name"])
    return web.Response(text=f"<h1>hello, {name}!</h1>", content_type="text/html")


def make_app(delay=DELAY):
    global current_delay
    current_delay = delay
    app = web.Application()
    app.router.add_get("/", index)
    app.router.add_get("/hello/{name}", hello)
    return app


def main(host="127.0.0.1", port=8000):
    web.run_app(make_app(), host=host, port=port)

# mutant: greets at /{name} instead of /hello/{name}: /hello/Ada is a 404 and any other path says hello
# expect-fail: test_hello_page, test_unknown_path_is_404
import asyncio
import html

from aiohttp import web

DELAY = 0.5
DELAY_KEY = web.AppKey("delay", float)


async def index(request):
    await asyncio.sleep(request.app[DELAY_KEY])
    return web.Response(text="<h1>Index</h1>", content_type="text/html")


async def hello(request):
    await asyncio.sleep(request.app[DELAY_KEY])
    name = html.escape(request.match_info["name"])
    return web.Response(text=f"<h1>hello, {name}!</h1>", content_type="text/html")


def make_app(delay=DELAY):
    app = web.Application()
    app[DELAY_KEY] = delay
    app.router.add_get("/", index)
    app.router.add_get("/{name}", hello)
    return app


def main(host="127.0.0.1", port=8000):
    web.run_app(make_app(), host=host, port=port)

# mutant: the seed's web.Response(body=text.encode('utf-8')): sent as application/octet-stream with no charset
# expect-fail: test_pages_are_html_in_utf8, test_hello_chinese_name
import asyncio
import html

from aiohttp import web

DELAY = 0.5
DELAY_KEY = web.AppKey("delay", float)


async def index(request):
    await asyncio.sleep(request.app[DELAY_KEY])
    return web.Response(body=b"<h1>Index</h1>")


async def hello(request):
    await asyncio.sleep(request.app[DELAY_KEY])
    name = html.escape(request.match_info["name"])
    return web.Response(body=f"<h1>hello, {name}!</h1>".encode("utf-8"))


def make_app(delay=DELAY):
    app = web.Application()
    app[DELAY_KEY] = delay
    app.router.add_get("/", index)
    app.router.add_get("/hello/{name}", hello)
    return app


def main(host="127.0.0.1", port=8000):
    web.run_app(make_app(), host=host, port=port)

# mutant: time.sleep in the handlers: looks asynchronous, but each request stops the whole server for the delay
# expect-fail: test_requests_are_handled_at_the_same_time, test_handler_does_not_block_the_loop, test_twenty_requests_take_about_one_delay
import time
import html

from aiohttp import web

DELAY = 0.5
DELAY_KEY = web.AppKey("delay", float)


async def index(request):
    time.sleep(request.app[DELAY_KEY])
    return web.Response(text="<h1>Index</h1>", content_type="text/html")


async def hello(request):
    time.sleep(request.app[DELAY_KEY])
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

# mutant: the seed's start-up kept: web.Application(loop=asyncio.get_event_loop()) in make_app, and main with loop.create_server(app.make_handler()) + run_forever()
# expect-fail: test_building_and_starting_uses_no_deprecated_api, test_make_app_works_in_a_thread_without_an_event_loop, test_main_hands_the_app_to_run_app
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
    text = "<h1>hello, %s!</h1>" % html.escape(request.match_info["name"])
    return web.Response(text=text, content_type="text/html")


def make_app(delay=DELAY):
    loop = asyncio.get_event_loop()
    app = web.Application(loop=loop)
    app[DELAY_KEY] = delay
    app.router.add_route("GET", "/", index)
    app.router.add_route("GET", "/hello/{name}", hello)
    return app


async def init(loop, host, port):
    app = make_app()
    srv = await loop.create_server(app.make_handler(), host, port)
    print("Server started at http://%s:%s..." % (host, port))
    return srv


def main(host="127.0.0.1", port=8000):
    loop = asyncio.get_event_loop()
    loop.run_until_complete(init(loop, host, port))
    loop.run_forever()

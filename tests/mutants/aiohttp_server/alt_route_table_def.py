# alternative: routes declared with a module-level web.RouteTableDef and decorators, added with app.add_routes
# expect: full
import asyncio
import html

from aiohttp import web

DELAY = 0.5
DELAY_KEY = web.AppKey("delay", float)

routes = web.RouteTableDef()


@routes.get("/")
async def index(request):
    await asyncio.sleep(request.app[DELAY_KEY])
    return web.Response(text="<h1>Index</h1>", content_type="text/html", charset="utf-8")


@routes.get("/hello/{name}")
async def hello(request):
    await asyncio.sleep(request.app[DELAY_KEY])
    return web.Response(text="<h1>hello, {}!</h1>".format(html.escape(request.match_info["name"])),
                        content_type="text/html")


def make_app(delay=DELAY):
    app = web.Application()
    app[DELAY_KEY] = delay
    app.add_routes(routes)
    return app


def main(host="127.0.0.1", port=8000):
    web.run_app(make_app(), host=host, port=port)

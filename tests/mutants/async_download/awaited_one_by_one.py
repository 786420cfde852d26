# mutant: awaits each download in turn in a for loop: one shared session, but nothing overlaps
# expect-fail: test_limit_downloads_at_once
import asyncio

import aiohttp


async def download_one(session, url):
    async with session.get(url) as response:
        response.raise_for_status()
        return len(await response.read())


async def download_all(urls, limit=5):
    sizes = {}
    async with aiohttp.ClientSession() as session:
        for url in urls:
            sizes[url] = await download_one(session, url)
    return sizes

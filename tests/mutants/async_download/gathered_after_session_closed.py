# mutant: creates the tasks inside `async with ClientSession()` but gathers them after the block: the session is closed before the downloads run
# expect-fail: test_download_all_returns_every_size
import asyncio

import aiohttp


async def download_one(session, url):
    async with session.get(url) as response:
        response.raise_for_status()
        return len(await response.read())


async def download_all(urls, limit=5):
    semaphore = asyncio.Semaphore(limit)

    async def limited(session, url):
        async with semaphore:
            return await download_one(session, url)
    async with aiohttp.ClientSession() as session:
        tasks = [asyncio.create_task(limited(session, url)) for url in urls]
    sizes = await asyncio.gather(*tasks)
    return dict(zip(urls, sizes))

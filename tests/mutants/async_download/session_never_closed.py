# mutant: session = aiohttp.ClientSession() without `async with` or close(): its connections stay open after return
# expect-fail: test_session_closed_when_it_returns
import asyncio

import aiohttp


async def download_one(session, url):
    async with session.get(url) as response:
        response.raise_for_status()
        return len(await response.read())


async def download_all(urls, limit=5):
    semaphore = asyncio.Semaphore(limit)
    session = aiohttp.ClientSession()

    async def limited(url):
        async with semaphore:
            return await download_one(session, url)
    tasks = [asyncio.create_task(limited(url)) for url in urls]
    try:
        sizes = await asyncio.gather(*tasks)
    except BaseException:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise
    return dict(zip(urls, sizes))

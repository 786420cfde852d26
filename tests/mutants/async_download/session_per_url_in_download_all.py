# mutant: download_all opens a ClientSession per url inside the limited helper: right limit, but a new connection for every page
# expect-fail: test_download_all_uses_one_session
import asyncio

import aiohttp


async def download_one(session, url):
    async with session.get(url) as response:
        response.raise_for_status()
        return len(await response.read())


async def download_all(urls, limit=5):
    semaphore = asyncio.Semaphore(limit)

    async def limited(url):
        async with semaphore:
            async with aiohttp.ClientSession() as session:
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

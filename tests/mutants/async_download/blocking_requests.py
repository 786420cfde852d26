# mutant: requests.get inside async def ("requests is not compatible with asyncio"): each download holds the event loop's thread
# expect-fail: test_download_one_does_not_block_the_loop
import asyncio

import aiohttp
import requests


async def download_one(session, url):
    response = requests.get(url)
    response.raise_for_status()
    return len(response.content)


async def download_all(urls, limit=5):
    semaphore = asyncio.Semaphore(limit)
    async with aiohttp.ClientSession() as session:
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

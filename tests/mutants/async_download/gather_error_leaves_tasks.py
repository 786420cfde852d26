# mutant: plain `await asyncio.gather(*tasks)`: when one download fails, the error leaves download_all while the other downloads are still running
# expect-fail: test_a_failed_download_leaves_no_task_running
import asyncio

import aiohttp


async def download_one(session, url):
    async with session.get(url) as response:
        response.raise_for_status()
        return len(await response.read())


async def download_all(urls, limit=5):
    semaphore = asyncio.Semaphore(limit)
    async with aiohttp.ClientSession() as session:
        async def limited(url):
            async with semaphore:
                return await download_one(session, url)
        tasks = [asyncio.create_task(limited(url)) for url in urls]
        sizes = await asyncio.gather(*tasks)
    return dict(zip(urls, sizes))

# mutant: creates the asyncio.Semaphore inside each task: every task has a semaphore of its own, so nothing is limited
# expect-fail: test_at_most_limit_in_flight
import asyncio

import aiohttp


async def download_one(session, url):
    async with session.get(url) as response:
        response.raise_for_status()
        return len(await response.read())


async def download_all(urls, limit=5):
    async with aiohttp.ClientSession() as session:
        async def limited(url):
            async with asyncio.Semaphore(limit):
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

# mutant: never checks the status (as the seed): a 500 or 404 error page is "downloaded" and its size returned
# expect-fail: test_download_one_raises_for_error_status
import asyncio

import aiohttp


async def download_one(session, url):
    async with session.get(url) as response:
        return len(await response.read())


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

# mutant: the seed's download_one: ignores the session it is given and opens a new ClientSession (a new connection pool) for every url
# expect-fail: test_download_one_uses_the_given_session
import asyncio

import aiohttp


async def download_one(session, url):
    async with aiohttp.ClientSession() as own_session:
        async with own_session.get(url) as response:
            response.raise_for_status()
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

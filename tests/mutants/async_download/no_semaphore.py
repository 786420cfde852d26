# mutant: the seed's download_all with one shared session: create_task + gather with no limit, every download starts at once
# expect-fail: test_at_most_limit_in_flight, test_download_all_uses_one_session
import asyncio

import aiohttp


async def download_one(session, url):
    async with session.get(url) as response:
        response.raise_for_status()
        return len(await response.read())


async def download_all(urls, limit=5):
    async with aiohttp.ClientSession() as session:
        tasks = [asyncio.create_task(download_one(session, url)) for url in urls]
        sizes = await asyncio.gather(*tasks)
    return dict(zip(urls, sizes))

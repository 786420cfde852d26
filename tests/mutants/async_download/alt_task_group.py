# alternative: asyncio.TaskGroup on 3.11+ (cancels the rest on error, raises an ExceptionGroup); gather + cancel on 3.10; semaphore taken before each task is created
# expect: full
import asyncio
import sys

import aiohttp


async def download_one(session, url):
    response = await session.get(url, raise_for_status=True)
    async with response:
        data = await response.read()
    return len(data)


async def _limited(semaphore, session, url):
    async with semaphore:
        return await download_one(session, url)


async def download_all(urls, limit=5):
    semaphore = asyncio.Semaphore(limit)
    async with aiohttp.ClientSession() as session:
        if sys.version_info >= (3, 11):
            async with asyncio.TaskGroup() as group:
                tasks = {url: group.create_task(_limited(semaphore, session, url))
                         for url in urls}
            return {url: task.result() for url, task in tasks.items()}
        tasks = [asyncio.ensure_future(_limited(semaphore, session, url)) for url in urls]
        try:
            return dict(zip(urls, await asyncio.gather(*tasks)))
        finally:
            for task in tasks:
                task.cancel()   # done ones ignore it; after an error, the rest stop
            await asyncio.gather(*tasks, return_exceptions=True)

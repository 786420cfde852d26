# alternative: a fixed pool of `limit` worker tasks reading an asyncio.Queue (no semaphore); workers cancelled and awaited in finally
# expect: full
import asyncio

import aiohttp


async def download_one(session, url):
    async with session.get(url) as response:
        if response.status >= 400:
            response.raise_for_status()
        size = 0
        async for chunk in response.content.iter_chunked(4096):
            size += len(chunk)
        return size


async def download_all(urls, limit=5):
    if limit < 1:
        raise ValueError("limit must be at least 1")
    queue = asyncio.Queue()
    for url in urls:
        queue.put_nowait(url)
    sizes = {}

    async def worker(session):
        while True:
            try:
                url = queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            sizes[url] = await download_one(session, url)

    async with aiohttp.ClientSession() as session:
        workers = [asyncio.create_task(worker(session)) for _ in range(min(limit, len(urls)))]
        try:
            await asyncio.gather(*workers)
        finally:
            for task in workers:
                task.cancel()
            await asyncio.gather(*workers, return_exceptions=True)
    return {url: sizes[url] for url in urls}

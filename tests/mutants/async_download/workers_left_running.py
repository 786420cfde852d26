# mutant: a pool of `limit` worker tasks on an asyncio.Queue; waits for queue.join() but never cancels the workers, left waiting at queue.get()
# expect-fail: test_no_task_left_pending
import asyncio

import aiohttp


async def download_one(session, url):
    async with session.get(url) as response:
        response.raise_for_status()
        return len(await response.read())


async def download_all(urls, limit=5):
    queue = asyncio.Queue()
    for url in urls:
        queue.put_nowait(url)
    sizes = {}
    async with aiohttp.ClientSession() as session:
        async def worker():
            while True:
                url = await queue.get()
                try:
                    sizes[url] = await download_one(session, url)
                finally:
                    queue.task_done()
        for _ in range(limit):
            asyncio.create_task(worker())
        await queue.join()
    return {url: sizes[url] for url in urls}

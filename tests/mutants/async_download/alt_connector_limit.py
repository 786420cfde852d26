# alternative: no semaphore: aiohttp.TCPConnector(limit=limit) holds requests until one of its `limit` connections is free; asyncio.wait + cancel on error
# expect: full
import asyncio

import aiohttp


async def download_one(session, url):
    async with session.get(url) as response:
        response.raise_for_status()
        return len(await response.read())


async def download_all(urls, limit=5):
    if not urls:
        return {}
    # The connector's pool hands out at most `limit` connections; a request
    # waits for a free one before it is sent.
    connector = aiohttp.TCPConnector(limit=limit)
    async with aiohttp.ClientSession(connector=connector) as session:
        tasks = {asyncio.create_task(download_one(session, url)): url for url in urls}
        done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.wait(pending)
        for task in done:
            if task.exception() is not None:
                raise task.exception()
        return {url: task.result() for task, url in tasks.items()}

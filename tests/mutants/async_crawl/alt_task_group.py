# alternative: asyncio.TaskGroup on 3.11+ (results read from the tasks), asyncio.wait on 3.10
# expect: full
import asyncio
import sys

UNIT = 0.01


async def crawl_page(url):
    await asyncio.sleep(int(url.split("_")[-1]) * UNIT)
    return f"OK {url}"


async def crawl_sequential(urls):
    results = []
    for url in urls:
        results.append(await crawl_page(url))
    return results


async def crawl_concurrent(urls):
    if sys.version_info >= (3, 11):
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(crawl_page(url)) for url in urls]
    else:
        tasks = [asyncio.ensure_future(crawl_page(url)) for url in urls]
        if tasks:
            await asyncio.wait(tasks)
    return [task.result() for task in tasks]

# alternative: gather() on bare coroutines (gather wraps each in a task), and a sequential loop over tasks awaited at once
# expect: full
import asyncio

UNIT = 0.01


async def crawl_page(url):
    _, _, number = url.rpartition("_")
    await asyncio.sleep(UNIT * int(number))
    return f"OK {url}"


async def crawl_sequential(urls):
    results = []
    for url in urls:
        task = asyncio.create_task(crawl_page(url))
        results.append(await task)   # still one at a time: the next starts after this one
    return results


async def crawl_concurrent(urls):
    return list(await asyncio.gather(*(crawl_page(url) for url in urls)))

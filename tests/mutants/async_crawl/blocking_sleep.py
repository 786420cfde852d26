# mutant: time.sleep inside async def: the seed's first version dressed up as a coroutine; it blocks the event loop
# expect-fail: test_crawl_page_does_not_block_the_loop
import asyncio
import time

UNIT = 0.01


async def crawl_page(url):
    time.sleep(int(url.split("_")[-1]) * UNIT)
    return f"OK {url}"


async def crawl_sequential(urls):
    return [await crawl_page(url) for url in urls]


async def crawl_concurrent(urls):
    tasks = [asyncio.create_task(crawl_page(url)) for url in urls]
    return await asyncio.gather(*tasks)

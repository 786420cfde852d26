# mutant: the delay is written as a number (units / 100) instead of units * UNIT
# expect-fail: test_crawl_page_sleeps_its_units
import asyncio

UNIT = 0.01


async def crawl_page(url):
    await asyncio.sleep(int(url.split("_")[-1]) / 100)
    return f"OK {url}"


async def crawl_sequential(urls):
    return [await crawl_page(url) for url in urls]


async def crawl_concurrent(urls):
    tasks = [asyncio.create_task(crawl_page(url)) for url in urls]
    return await asyncio.gather(*tasks)

# mutant: "optimises" crawl_sequential with gather too: the one-by-one baseline is gone
# expect-fail: test_sequential_awaits_one_by_one
import asyncio

UNIT = 0.01


async def crawl_page(url):
    await asyncio.sleep(int(url.split("_")[-1]) * UNIT)
    return f"OK {url}"


async def crawl_sequential(urls):
    return await asyncio.gather(*(crawl_page(url) for url in urls))


async def crawl_concurrent(urls):
    tasks = [asyncio.create_task(crawl_page(url)) for url in urls]
    return await asyncio.gather(*tasks)

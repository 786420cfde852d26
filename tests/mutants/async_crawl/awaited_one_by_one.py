# mutant: the seed's second version as the concurrent one: awaits each coroutine in turn, so nothing overlaps
# expect-fail: test_concurrent_crawls_overlap_in_tasks
import asyncio

UNIT = 0.01


async def crawl_page(url):
    await asyncio.sleep(int(url.split("_")[-1]) * UNIT)
    return f"OK {url}"


async def crawl_sequential(urls):
    return [await crawl_page(url) for url in urls]


async def crawl_concurrent(urls):
    results = []
    for url in urls:
        results.append(await crawl_page(url))
    return results

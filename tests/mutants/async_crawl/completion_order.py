# mutant: collects results with as_completed: they come back in the order the crawls finished, not url order
# expect-fail: test_concurrent_results_in_url_order
import asyncio

UNIT = 0.01


async def crawl_page(url):
    await asyncio.sleep(int(url.split("_")[-1]) * UNIT)
    return f"OK {url}"


async def crawl_sequential(urls):
    return [await crawl_page(url) for url in urls]


async def crawl_concurrent(urls):
    tasks = [asyncio.create_task(crawl_page(url)) for url in urls]
    return [await next_done for next_done in asyncio.as_completed(tasks)]

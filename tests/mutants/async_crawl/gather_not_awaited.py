# mutant: forgets to await gather: returns a future, and the tasks are still pending
# expect-fail: test_concurrent_results_in_url_order, test_no_task_left_pending
import asyncio

UNIT = 0.01


async def crawl_page(url):
    await asyncio.sleep(int(url.split("_")[-1]) * UNIT)
    return f"OK {url}"


async def crawl_sequential(urls):
    return [await crawl_page(url) for url in urls]


async def crawl_concurrent(urls):
    tasks = [asyncio.create_task(crawl_page(url)) for url in urls]
    results = asyncio.gather(*tasks)
    return results

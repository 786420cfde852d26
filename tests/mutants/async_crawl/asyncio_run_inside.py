# mutant: calls asyncio.run() inside the coroutine, where an event loop is already running
# expect-fail: test_concurrent_results_in_url_order, test_concurrent_crawls_overlap_in_tasks
import asyncio

UNIT = 0.01


async def crawl_page(url):
    await asyncio.sleep(int(url.split("_")[-1]) * UNIT)
    return f"OK {url}"


async def crawl_sequential(urls):
    return [await crawl_page(url) for url in urls]


async def _main(urls):
    tasks = [asyncio.create_task(crawl_page(url)) for url in urls]
    return await asyncio.gather(*tasks)


async def crawl_concurrent(urls):
    return asyncio.run(_main(urls))

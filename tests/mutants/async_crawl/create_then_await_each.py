# mutant: creates a task and awaits it right away, in the same loop: tasks, but one at a time
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
        task = asyncio.create_task(crawl_page(url))
        results.append(await task)
    return results

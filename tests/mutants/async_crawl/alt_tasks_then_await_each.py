# alternative: creates every task first, then awaits them one by one in a second loop (the seed's commented-out variant)
# expect: full
import asyncio

UNIT = 0.01


async def crawl_page(url):
    print(f"crawling {url}")
    await asyncio.sleep(int(url.rsplit("_", 1)[1]) * UNIT)
    print(f"OK {url}")
    return "OK " + url


async def crawl_sequential(urls):
    return [await crawl_page(url) for url in urls]


async def crawl_concurrent(urls):
    tasks = [asyncio.create_task(crawl_page(url)) for url in urls]
    # Every task is already running: awaiting them in turn waits for the
    # slowest one in total, not the sum.
    results = []
    for task in tasks:
        results.append(await task)
    return results

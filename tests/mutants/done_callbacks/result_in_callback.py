# mutant: the seed's callback calls future.result(): it raises for failed and cancelled crawls, the loop only logs it, the report is lost
# expect-fail: test_failed_and_cancelled_crawls_are_reported
import asyncio

UNIT = 0.01


async def crawl_page(url):
    await asyncio.sleep(int(url.split("_")[-1]) * UNIT)
    return f"OK {url}"


def outcome_of(task):
    if task.cancelled():
        return asyncio.CancelledError()
    if task.exception() is not None:
        return task.exception()
    return task.result()


async def crawl_with_callbacks(urls, report):
    tasks = []
    for url in urls:
        task = asyncio.create_task(crawl_page(url))
        task.add_done_callback(lambda future, url=url: report(url, future.result()))
        tasks.append(task)
    return await asyncio.gather(*tasks, return_exceptions=True)

# mutant: reports from a wrapper coroutine in each task, not from a done callback: a cancelled crawl is never reported
# expect-fail: test_failed_and_cancelled_crawls_are_reported, test_reported_from_done_callbacks_on_the_loop_thread
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


async def crawl_and_report(url, report):
    try:
        outcome = await crawl_page(url)
    except Exception as error:
        outcome = error
    report(url, outcome)
    return outcome


async def crawl_with_callbacks(urls, report):
    tasks = [asyncio.create_task(crawl_and_report(url, report)) for url in urls]
    return await asyncio.gather(*tasks, return_exceptions=True)

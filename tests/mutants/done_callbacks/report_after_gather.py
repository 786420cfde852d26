# mutant: reports after gather, in url order: the order the crawls finished is lost
# expect-fail: test_reports_in_completion_order, test_reported_from_done_callbacks_on_the_loop_thread
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
    tasks = [asyncio.create_task(crawl_page(url)) for url in urls]
    outcomes = await asyncio.gather(*tasks, return_exceptions=True)
    for url, outcome in zip(urls, outcomes):
        report(url, outcome)
    return outcomes

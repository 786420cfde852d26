# mutant: forgets to await gather: returns before any crawl ends, so no callback has fired and the tasks are pending
# expect-fail: test_everything_reported_before_it_returns, test_reports_in_completion_order
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
        task.add_done_callback(lambda t, url=url: report(url, outcome_of(t)))
        tasks.append(task)
    return asyncio.gather(*tasks, return_exceptions=True)

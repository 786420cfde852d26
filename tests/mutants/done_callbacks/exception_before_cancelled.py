# mutant: outcome_of asks task.exception() before task.cancelled(): it raises CancelledError for a cancelled task
# expect-fail: test_outcome_of_exception_and_cancelled
import asyncio

UNIT = 0.01


async def crawl_page(url):
    await asyncio.sleep(int(url.split("_")[-1]) * UNIT)
    return f"OK {url}"


def outcome_of(task):
    error = task.exception()
    if error is not None:
        return error
    if task.cancelled():
        return asyncio.CancelledError()
    return task.result()


async def crawl_with_callbacks(urls, report):
    tasks = []
    for url in urls:
        task = asyncio.create_task(crawl_page(url))
        task.add_done_callback(lambda t, url=url: report(url, outcome_of(t)))
        tasks.append(task)
    return await asyncio.gather(*tasks, return_exceptions=True)

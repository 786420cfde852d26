# mutant: gather without return_exceptions: the first failed crawl's exception escapes, the other outcomes are lost
# expect-fail: test_returns_outcomes_in_url_order, test_failed_and_cancelled_crawls_are_reported
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
    return await asyncio.gather(*tasks)

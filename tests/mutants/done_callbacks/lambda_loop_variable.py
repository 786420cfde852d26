# mutant: a lambda in the loop uses the loop variable url: called later, every callback sees the last url
# expect-fail: test_each_url_reported_once_with_its_outcome
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
        task.add_done_callback(lambda t: report(url, outcome_of(t)))
        tasks.append(task)
    return await asyncio.gather(*tasks, return_exceptions=True)

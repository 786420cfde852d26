# alternative: a lambda with a default argument (url=url) binds each url; outcome_of via exception()
# expect: full
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
    for url, task in zip(urls, tasks):
        task.add_done_callback(lambda t, url=url: report(url, outcome_of(t)))
    return list(await asyncio.gather(*tasks, return_exceptions=True))

# alternative: functools.partial binds the url; asyncio.wait, then outcomes read from the tasks
# expect: full
import asyncio

UNIT = 0.01


async def crawl_page(url):
    await asyncio.sleep(int(url.split("_")[-1]) * UNIT)
    return f"OK {url}"


import functools


def outcome_of(task):
    if task.cancelled():
        return asyncio.CancelledError()
    if task.exception() is not None:
        return task.exception()
    return task.result()


def _callback(report, url, task):
    report(url, outcome_of(task))


async def crawl_with_callbacks(urls, report):
    tasks = [asyncio.ensure_future(crawl_page(url)) for url in urls]
    for url, task in zip(urls, tasks):
        task.add_done_callback(functools.partial(_callback, report, url))
    if tasks:
        await asyncio.wait(tasks)
    return [outcome_of(task) for task in tasks]

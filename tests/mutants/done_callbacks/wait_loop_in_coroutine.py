# mutant: a wait(FIRST_COMPLETED) loop instead of callbacks: finishing order, but reported by the coroutine, inside its task
# expect-fail: test_reported_from_done_callbacks_on_the_loop_thread
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
    url_of = {task: url for task, url in zip(tasks, urls)}
    pending = set(tasks)
    while pending:
        done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
        for task in sorted(done, key=tasks.index):
            report(url_of[task], outcome_of(task))
    return [outcome_of(task) for task in tasks]

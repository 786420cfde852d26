# alternative: each task is named after its url; one shared callback reads task.get_name(); try/except instead of cancelled() checks
# expect: full
import asyncio

UNIT = 0.01


async def crawl_page(url):
    await asyncio.sleep(int(url.split("_")[-1]) * UNIT)
    return f"OK {url}"


def outcome_of(task):
    try:
        return task.result()
    except asyncio.CancelledError as cancelled:
        return cancelled
    except BaseException as error:  # noqa: BLE001 - the outcome
        return error


async def crawl_with_callbacks(urls, report):
    def callback(task):
        report(task.get_name(), outcome_of(task))

    tasks = []
    for url in urls:
        task = asyncio.create_task(crawl_page(url), name=url)
        task.add_done_callback(callback)
        tasks.append(task)
    return await asyncio.gather(*tasks, return_exceptions=True)

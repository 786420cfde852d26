# mutant: starts the producers as tasks and joins the queue at once: join() returns before anything was put
# expect-fail: test_every_item_handled_once
import asyncio


async def producer(queue, items):
    for item in items:
        await queue.put(item)


async def consumer(queue, handle):
    while True:
        item = await queue.get()
        try:
            await handle(item)
        finally:
            queue.task_done()


async def run_pipeline(batches, handle, consumers=2, maxsize=2):
    queue = asyncio.Queue(maxsize)
    workers = [asyncio.create_task(consumer(queue, handle)) for _ in range(consumers)]
    producers = [asyncio.create_task(producer(queue, items)) for items in batches]
    await queue.join()
    for task in workers + producers:
        task.cancel()
    await asyncio.gather(*workers, *producers, return_exceptions=True)

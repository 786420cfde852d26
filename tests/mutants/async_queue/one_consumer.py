# mutant: starts a single consumer whatever `consumers` says
# expect-fail: test_consumers_work_at_the_same_time
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
    worker = asyncio.create_task(consumer(queue, handle))
    await asyncio.gather(*(producer(queue, items) for items in batches))
    await queue.join()
    worker.cancel()
    await asyncio.gather(worker, return_exceptions=True)

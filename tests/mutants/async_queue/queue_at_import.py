# mutant: one module-level queue created at import time: tied to the first event loop, and ignores maxsize
# expect-fail: test_queue_is_bounded, test_no_task_left_running
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

queue = asyncio.Queue(2)


async def run_pipeline(batches, handle, consumers=2, maxsize=2):
    workers = [asyncio.create_task(consumer(queue, handle)) for _ in range(consumers)]
    await asyncio.gather(*(producer(queue, items) for items in batches))
    await queue.join()
    for w in workers:
        w.cancel()
    await asyncio.gather(*workers, return_exceptions=True)

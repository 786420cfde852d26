# mutant: cancels the consumers after join() but returns without awaiting them: they have not ended yet
# expect-fail: test_no_task_left_running
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
    await asyncio.gather(*(producer(queue, items) for items in batches))
    await queue.join()
    for w in workers:
        w.cancel()

# alternative: after the producers, one sentinel per consumer; each consumer returns when it takes one
# expect: full
import asyncio


async def producer(queue, items):
    for item in items:
        await queue.put(item)


STOP = object()


async def consumer(queue, handle):
    while True:
        item = await queue.get()
        try:
            if item is STOP:
                return
            await handle(item)
        finally:
            queue.task_done()


async def run_pipeline(batches, handle, consumers=2, maxsize=2):
    queue = asyncio.Queue(maxsize)
    workers = [asyncio.create_task(consumer(queue, handle)) for _ in range(consumers)]
    await asyncio.gather(*(producer(queue, items) for items in batches))
    for _ in workers:
        await queue.put(STOP)
    await asyncio.gather(*workers)

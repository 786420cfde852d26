# alternative: a TaskGroup (3.11+, gather on 3.10) holds producers and consumers; join, then cancel the consumers inside it
# expect: full
import sys
import asyncio


async def producer(queue, items):
    for item in items:
        await queue.put(item)


async def consumer(queue, handle):
    while True:
        item = await queue.get()
        await handle(item)
        queue.task_done()


async def _produce_then_stop(queue, batches, workers):
    await asyncio.gather(*(producer(queue, items) for items in batches))
    await queue.join()
    for w in workers:
        w.cancel()


async def run_pipeline(batches, handle, consumers=2, maxsize=2):
    queue = asyncio.Queue(maxsize=maxsize)
    if sys.version_info < (3, 11):
        workers = [asyncio.create_task(consumer(queue, handle)) for _ in range(consumers)]
        await _produce_then_stop(queue, batches, workers)
        await asyncio.gather(*workers, return_exceptions=True)
        return
    # The group waits for all its tasks, the cancelled consumers included.
    async with asyncio.TaskGroup() as group:
        workers = [group.create_task(consumer(queue, handle)) for _ in range(consumers)]
        group.create_task(_produce_then_stop(queue, batches, workers))

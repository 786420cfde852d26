# mutant: awaits one producer after another instead of running them all at once
# expect-fail: test_producers_and_consumers_run_at_the_same_time
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
    for items in batches:
        await producer(queue, items)
    await queue.join()
    for w in workers:
        w.cancel()
    await asyncio.gather(*workers, return_exceptions=True)

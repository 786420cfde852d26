# mutant: the seed's way: sleeps a fixed time (its 10 s, scaled) and then cancels the consumers
# expect-fail: test_slow_items_are_not_lost
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
    await asyncio.sleep(0.3)
    for w in workers:
        w.cancel()
    await asyncio.gather(*workers, *producers, return_exceptions=True)

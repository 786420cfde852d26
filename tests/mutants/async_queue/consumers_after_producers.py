# mutant: starts the consumers only after the producers have finished: the producers stop at the full queue
# expect-fail: test_every_item_handled_once, test_producers_and_consumers_run_at_the_same_time
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
    await asyncio.gather(*(producer(queue, items) for items in batches))
    workers = [asyncio.create_task(consumer(queue, handle)) for _ in range(consumers)]
    await queue.join()
    for w in workers:
        w.cancel()
    await asyncio.gather(*workers, return_exceptions=True)

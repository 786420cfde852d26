# mutant: cancels the consumers as soon as the producers are done, without queue.join(): queued items are lost
# expect-fail: test_every_item_handled_once, test_slow_items_are_not_lost
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
    for w in workers:
        w.cancel()
    await asyncio.gather(*workers, return_exceptions=True)

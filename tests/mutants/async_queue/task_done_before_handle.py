# mutant: the consumer calls task_done() as soon as it takes an item: join() returns while the last items are still being handled
# expect-fail: test_consumer_marks_items_done, test_every_item_handled_once
import asyncio


async def producer(queue, items):
    for item in items:
        await queue.put(item)


async def consumer(queue, handle):
    while True:
        item = await queue.get()
        queue.task_done()
        await handle(item)


async def run_pipeline(batches, handle, consumers=2, maxsize=2):
    queue = asyncio.Queue(maxsize)
    workers = [asyncio.create_task(consumer(queue, handle)) for _ in range(consumers)]
    await asyncio.gather(*(producer(queue, items) for items in batches))
    await queue.join()
    for w in workers:
        w.cancel()
    await asyncio.gather(*workers, return_exceptions=True)

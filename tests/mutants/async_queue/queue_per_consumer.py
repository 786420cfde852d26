# mutant: one queue per consumer, every producer feeding every queue: each item is handled once per consumer
# expect-fail: test_every_item_handled_once, test_queue_is_bounded
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
    queues = [asyncio.Queue(maxsize) for _ in range(consumers)]
    workers = [asyncio.create_task(consumer(q, handle)) for q in queues]
    await asyncio.gather(*(producer(q, items) for q in queues for items in batches))
    for q in queues:
        await q.join()
    for w in workers:
        w.cancel()
    await asyncio.gather(*workers, return_exceptions=True)

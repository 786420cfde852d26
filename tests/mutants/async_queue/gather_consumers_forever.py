# mutant: gathers producers and consumers together: the consumers never end, so neither does run_pipeline
# expect-fail: test_every_item_handled_once, test_no_task_left_running
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
    await asyncio.gather(*(producer(queue, items) for items in batches),
                         *(consumer(queue, handle) for _ in range(consumers)))

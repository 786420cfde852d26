# mutant: ignores maxsize (unbounded queue) and starts the consumers after the producers: nothing runs at the same time
# expect-fail: test_producers_and_consumers_run_at_the_same_time, test_queue_is_bounded
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
    queue = asyncio.Queue()
    await asyncio.gather(*(producer(queue, items) for items in batches))
    workers = [asyncio.create_task(consumer(queue, handle)) for _ in range(consumers)]
    await queue.join()
    for w in workers:
        w.cancel()
    await asyncio.gather(*workers, return_exceptions=True)

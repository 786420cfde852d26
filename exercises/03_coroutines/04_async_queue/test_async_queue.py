"""Visible tests for async_queue: run `pytest exercises/03_coroutines/04_async_queue`.

Quick self-checks of producer, consumer and run_pipeline.  The hidden grader
checks more (for instance that producers and consumers really run at the
same time, that nothing is lost when an item is slow, and where a stuck
pipeline waits).
"""
import asyncio


def test_producer_puts_every_item_in_order(exercise):
    async def main():
        queue = asyncio.Queue()
        await exercise.producer(queue, [3, 1, 4])
        return [queue.get_nowait() for _ in range(queue.qsize())]

    assert asyncio.run(main()) == [3, 1, 4]


def test_consumer_handles_items_and_marks_them_done(exercise):
    async def main():
        queue = asyncio.Queue()
        handled = []

        async def handle(item):
            await asyncio.sleep(0.001)
            handled.append(item)

        for item in "abc":
            queue.put_nowait(item)
        worker = asyncio.create_task(exercise.consumer(queue, handle))
        joined = asyncio.create_task(queue.join())
        await asyncio.wait({worker, joined}, timeout=2, return_when=asyncio.FIRST_COMPLETED)
        worker.cancel()
        joined.cancel()
        if worker.done() and not worker.cancelled() and worker.exception():
            raise worker.exception()
        assert joined.done() and not joined.cancelled(), (
            f"queue.join() never returned (handled: {handled}): call queue.task_done() once "
            f"per item, after handling it")
        return handled

    assert asyncio.run(main()) == ["a", "b", "c"]


def test_pipeline_handles_every_item_once(exercise):
    async def main():
        handled = []

        async def handle(item):
            await asyncio.sleep(0.002)
            handled.append(item)

        try:
            await asyncio.wait_for(
                exercise.run_pipeline([[1, 2, 3, 4], [5, 6, 7, 8]], handle, 2, 2), 2)
        except asyncio.TimeoutError:
            raise AssertionError(f"run_pipeline did not return within 2 s (handled: "
                                 f"{handled})") from None
        left = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        return handled, left

    handled, left = asyncio.run(main())
    assert sorted(handled) == [1, 2, 3, 4, 5, 6, 7, 8], f"handled {handled}: expected each item once"
    assert not left, f"{len(left)} task(s) were still running when run_pipeline returned"

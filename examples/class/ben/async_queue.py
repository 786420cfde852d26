# Your file: write your solution here. (Generated from solutions/03_coroutines/async_queue.py by `conclab build`; course maintainers edit that file instead.)
"""Producers and consumers that share an asyncio.Queue.

The seed's story: two producers put five numbers each into a queue, two
consumers take them out forever.  To stop, the seed sleeps 10 s and then
cancels the consumers.  Those 10 s are a guess: when the work takes longer,
the items still queued (or being handled) are lost with the cancelled
consumers; when it takes less, the program idles.

The queue already knows when the work is done.  Every ``get()`` is matched by
a ``task_done()``, and ``await queue.join()`` returns once every item ever put
has been marked done.  So: wait for the producers, then for ``join()``, then
cancel the consumers (which wait for more items forever) and await them.  A
bounded queue (``maxsize``) makes a producer wait while the consumers catch
up, instead of piling up items in memory.
"""
import asyncio
import random


async def producer(queue, items):
    """Put every item of ``items`` into ``queue``, in order.

    Args:
        queue: an ``asyncio.Queue``, shared with the other producers and the
            consumers.
        items: the items to put, e.g. ``[3, 1, 4]``.

    Concurrency:
        ``await queue.put(item)`` waits while the queue is full: the consumers
        run meanwhile and make room.  Returns once the last item is in the
        queue (not once it has been handled).
    """
    # YOUR CODE HERE
    raise NotImplementedError


async def consumer(queue, handle):
    """Take items out of ``queue`` one at a time and ``await handle(item)`` for each.

    Args:
        queue: the ``asyncio.Queue`` the producers put items into.
        handle: ``async def handle(item)``, the work to do for one item (it
            does not raise).

    Concurrency:
        Runs until cancelled (or, if you stop consumers with sentinels, until
        it takes your sentinel).  Waits at ``await queue.get()`` while the
        queue is empty -- an empty queue does not mean the work is over, a
        producer may still be coming.  Calls ``queue.task_done()`` once for
        every item it took, after ``handle(item)`` has finished with it.
        Several consumers run at the same time on one queue; each item goes
        to exactly one of them.
    """
    # YOUR CODE HERE
    raise NotImplementedError


async def run_pipeline(batches, handle, consumers=2, maxsize=2):
    """Produce every batch and consume every item, concurrently; return when all are handled.

    Args:
        batches: one list of items per producer, e.g. ``[[1, 2], [3, 4, 5]]``.
        handle: ``async def handle(item)``, passed on to every consumer.
        consumers: how many consumer tasks to run (at least 1).
        maxsize: the capacity of the queue (at least 1): producers wait while
            it holds that many items.

    Returns:
        None, once every item of every batch has been handled exactly once.

    Concurrency:
        Creates one ``asyncio.Queue(maxsize)`` (inside the running event loop)
        and runs ``consumer(queue, handle)`` in ``consumers`` tasks and
        ``producer(queue, batch)`` for every batch, all at the same time.
        Returns as soon as the last item has been handled: no fixed sleep.
        When it returns, no task it started is still running: the consumers
        have been cancelled *and awaited* (or have taken a sentinel each and
        returned).
    """
    # YOUR CODE HERE
    raise NotImplementedError


if __name__ == "__main__":
    # The seed's scenario: two producers of five random numbers, two
    # consumers; it ends when the last number has been handled, not after a
    # guessed 10 s.  (In Jupyter, `await main()` instead of asyncio.run.)
    async def show(item):
        await asyncio.sleep(0.1)   # the seed's one second of work, scaled down
        print("handled", item)

    async def main():
        batches = [[random.randint(1, 10) for _ in range(5)] for _ in range(2)]
        await run_pipeline(batches, show, consumers=2, maxsize=2)

    asyncio.run(main())

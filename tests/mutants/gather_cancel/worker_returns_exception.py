# mutant: worker returns the exception instead of raising it
# expect-fail: test_worker_raises_exception
import asyncio


async def worker(delay, outcome):
    await asyncio.sleep(delay)
    return outcome


async def run_with_deadline(jobs, deadline):
    tasks = [asyncio.create_task(worker(d, o)) for d, o in jobs]
    if tasks:
        await asyncio.wait(tasks, timeout=deadline)
    for t in tasks:
        t.cancel()
    return await asyncio.gather(*tasks, return_exceptions=True)

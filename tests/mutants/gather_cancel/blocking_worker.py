# mutant: worker blocks the event loop with time.sleep
# expect-fail: test_worker_sleeps_without_blocking
import asyncio
import time


async def worker(delay, outcome):
    time.sleep(delay)
    if isinstance(outcome, BaseException):
        raise outcome
    return outcome


async def run_with_deadline(jobs, deadline):
    tasks = [asyncio.create_task(worker(d, o)) for d, o in jobs]
    if tasks:
        await asyncio.wait(tasks, timeout=deadline)
    for t in tasks:
        t.cancel()
    return await asyncio.gather(*tasks, return_exceptions=True)

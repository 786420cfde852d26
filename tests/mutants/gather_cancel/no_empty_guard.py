# mutant: asyncio.wait() on an empty list of tasks raises ValueError
# expect-fail: test_no_jobs
import asyncio


async def worker(delay, outcome):
    await asyncio.sleep(delay)
    if isinstance(outcome, BaseException):
        raise outcome
    return outcome


async def run_with_deadline(jobs, deadline):
    tasks = [asyncio.create_task(worker(d, o)) for d, o in jobs]
    await asyncio.wait(tasks, timeout=deadline)
    for t in tasks:
        t.cancel()
    return await asyncio.gather(*tasks, return_exceptions=True)

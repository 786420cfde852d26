# mutant: wait_for on each task in turn with the full deadline: the deadline restarts for every job
# expect-fail: test_deadline_counts_from_the_start
import asyncio


async def worker(delay, outcome):
    await asyncio.sleep(delay)
    if isinstance(outcome, BaseException):
        raise outcome
    return outcome


async def run_with_deadline(jobs, deadline):
    tasks = [asyncio.create_task(worker(d, o)) for d, o in jobs]
    for t in tasks:
        try:
            await asyncio.wait_for(t, deadline)
        except (asyncio.TimeoutError, Exception):
            pass
    return await asyncio.gather(*tasks, return_exceptions=True)

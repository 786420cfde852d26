# mutant: waits until the deadline, then gathers everything without cancelling the late jobs
# expect-fail: test_seed_scenario, test_deadline_counts_from_the_start
import asyncio


async def worker(delay, outcome):
    await asyncio.sleep(delay)
    if isinstance(outcome, BaseException):
        raise outcome
    return outcome


async def run_with_deadline(jobs, deadline):
    tasks = [asyncio.create_task(worker(d, o)) for d, o in jobs]
    if tasks:
        await asyncio.wait(tasks, timeout=deadline)
    return await asyncio.gather(*tasks, return_exceptions=True)

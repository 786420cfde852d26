# mutant: wait_for around the whole gather: at the deadline every result is lost
# expect-fail: test_seed_scenario, test_deadline_counts_from_the_start
import asyncio


async def worker(delay, outcome):
    await asyncio.sleep(delay)
    if isinstance(outcome, BaseException):
        raise outcome
    return outcome


async def run_with_deadline(jobs, deadline):
    return await asyncio.wait_for(
        asyncio.gather(*(worker(d, o) for d, o in jobs), return_exceptions=True), deadline)

# mutant: wait_for around each worker inside gather: late jobs come back as TimeoutError, not CancelledError
# expect-fail: test_seed_scenario, test_deadline_counts_from_the_start
import asyncio


async def worker(delay, outcome):
    await asyncio.sleep(delay)
    if isinstance(outcome, BaseException):
        raise outcome
    return outcome


async def run_with_deadline(jobs, deadline):
    return await asyncio.gather(*(asyncio.wait_for(worker(d, o), deadline) for d, o in jobs),
                                return_exceptions=True)

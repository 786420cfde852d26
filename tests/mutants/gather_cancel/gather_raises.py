# mutant: gather without return_exceptions: the first exception escapes and the results are lost
# expect-fail: test_seed_scenario, test_exceptions_do_not_stop_the_others
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
    for t in tasks:
        t.cancel()
    return await asyncio.gather(*tasks)

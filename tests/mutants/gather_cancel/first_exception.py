# mutant: asyncio.wait(return_when=FIRST_EXCEPTION): one failing job cancels the rest early
# expect-fail: test_exceptions_do_not_stop_the_others
import asyncio


async def worker(delay, outcome):
    await asyncio.sleep(delay)
    if isinstance(outcome, BaseException):
        raise outcome
    return outcome


async def run_with_deadline(jobs, deadline):
    tasks = [asyncio.create_task(worker(d, o)) for d, o in jobs]
    if tasks:
        await asyncio.wait(tasks, timeout=deadline, return_when=asyncio.FIRST_EXCEPTION)
    for t in tasks:
        t.cancel()
    return await asyncio.gather(*tasks, return_exceptions=True)

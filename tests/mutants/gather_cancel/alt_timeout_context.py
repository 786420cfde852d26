# alternative: async with asyncio.timeout() around a gather of the tasks (3.11+; asyncio.wait on 3.10)
# expect: full
import asyncio
import sys


async def worker(delay, outcome):
    await asyncio.sleep(delay)
    if isinstance(outcome, BaseException):
        raise outcome
    return outcome


async def run_with_deadline(jobs, deadline):
    tasks = [asyncio.create_task(worker(d, o)) for d, o in jobs]
    if sys.version_info >= (3, 11):
        try:
            async with asyncio.timeout(deadline):
                # Cancelling this gather cancels the tasks and waits for them.
                await asyncio.gather(*tasks, return_exceptions=True)
        except TimeoutError:
            pass
    elif tasks:
        await asyncio.wait(tasks, timeout=deadline)
        for t in tasks:
            t.cancel()
    return await asyncio.gather(*tasks, return_exceptions=True)

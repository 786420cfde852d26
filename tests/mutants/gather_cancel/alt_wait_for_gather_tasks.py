# alternative: wait_for around a gather of tasks it keeps: on timeout the tasks are cancelled and awaited, results read from them
# expect: full
import asyncio


async def worker(delay, outcome):
    await asyncio.sleep(delay)
    if isinstance(outcome, BaseException):
        raise outcome
    return outcome


async def run_with_deadline(jobs, deadline):
    tasks = [asyncio.create_task(worker(d, o)) for d, o in jobs]
    try:
        await asyncio.wait_for(asyncio.gather(*tasks, return_exceptions=True), deadline)
    except asyncio.TimeoutError:
        pass  # wait_for cancelled the gather, which cancelled the unfinished tasks
    return await asyncio.gather(*tasks, return_exceptions=True)

# alternative: a manual loop of asyncio.wait(FIRST_COMPLETED) with the time left, then cancel and gather
# expect: full
import asyncio


async def worker(delay, outcome):
    await asyncio.sleep(delay)
    if isinstance(outcome, BaseException):
        raise outcome
    return outcome


async def run_with_deadline(jobs, deadline):
    loop = asyncio.get_running_loop()
    end = loop.time() + deadline
    tasks = [asyncio.create_task(worker(d, o)) for d, o in jobs]
    pending = set(tasks)
    while pending:
        left = end - loop.time()
        if left <= 0:
            break
        _, pending = await asyncio.wait(pending, timeout=left,
                                        return_when=asyncio.FIRST_COMPLETED)
    for t in pending:
        t.cancel()
    return await asyncio.gather(*tasks, return_exceptions=True)

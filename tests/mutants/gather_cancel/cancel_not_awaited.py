# mutant: cancels the late tasks but returns without awaiting them, so they are still running
# expect-fail: test_no_task_left_running
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
    results = []
    for t in tasks:
        if not t.done():
            t.cancel()
            results.append(asyncio.CancelledError())
        elif t.exception() is not None:
            results.append(t.exception())
        else:
            results.append(t.result())
    return results

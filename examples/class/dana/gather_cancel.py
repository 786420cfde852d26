# mutant: awaits one worker after another (with the time left), so the jobs never overlap
# expect-fail: test_jobs_run_concurrently
import asyncio


async def worker(delay, outcome):
    await asyncio.sleep(delay)
    if isinstance(outcome, BaseException):
        raise outcome
    return outcome


async def run_with_deadline(jobs, deadline):
    loop = asyncio.get_running_loop()
    end = loop.time() + deadline
    results = []
    for delay, outcome in jobs:
        try:
            results.append(await asyncio.wait_for(worker(delay, outcome), max(0, end - loop.time())))
        except asyncio.TimeoutError:
            results.append(asyncio.CancelledError())
        except Exception as exc:
            results.append(exc)
    return results

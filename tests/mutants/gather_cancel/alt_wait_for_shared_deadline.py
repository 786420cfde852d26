# alternative: wait_for on each task in turn, with the time left until one shared deadline
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
    for t in tasks:
        try:
            # On timeout wait_for cancels the task and waits until it has ended.
            await asyncio.wait_for(t, max(0.0, end - loop.time()))
        except asyncio.TimeoutError:
            pass
        except Exception:
            pass  # the task keeps its exception; gather returns it below
    return await asyncio.gather(*tasks, return_exceptions=True)

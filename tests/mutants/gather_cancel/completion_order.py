# mutant: collects results with as_completed, so they come back in the order the jobs finished
# expect-fail: test_results_in_job_order
import asyncio


async def worker(delay, outcome):
    await asyncio.sleep(delay)
    if isinstance(outcome, BaseException):
        raise outcome
    return outcome


async def run_with_deadline(jobs, deadline):
    tasks = [asyncio.create_task(worker(d, o)) for d, o in jobs]
    results = []
    try:
        for next_done in asyncio.as_completed(tasks, timeout=deadline):
            try:
                results.append(await next_done)
            except asyncio.TimeoutError:
                raise  # the deadline, from as_completed itself
            except Exception as exc:
                results.append(exc)
    except asyncio.TimeoutError:
        late = [t for t in tasks if not t.done()]
        for t in late:
            t.cancel()
        results += await asyncio.gather(*late, return_exceptions=True)
    return results

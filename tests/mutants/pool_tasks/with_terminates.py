# mutant: submits inside `with Pool(...)` and leaves the block: __exit__ terminates the tasks still queued
# expect-fail: test_waits_for_every_task, test_returns_every_result
import multiprocessing


def long_time_task(name):
    return name


def run_tasks(names, processes=4):
    results = {}
    with multiprocessing.Pool(processes) as pool:
        for name in names:
            pool.apply_async(long_time_task, (name,),
                             callback=lambda r, n=name: results.update({n: r}))
    return results

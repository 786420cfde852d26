# mutant: a callback that raises (dict.update(key, value)) kills the pool's result handler: join() waits forever
# expect-fail: test_returns_every_result, test_waits_for_every_task
import multiprocessing


def long_time_task(name):
    return name


def run_tasks(names, processes=4):
    results = {}
    pool = multiprocessing.Pool(processes)
    for name in names:
        pool.apply_async(long_time_task, (name,), callback=lambda r, n=name: results.update(n, r))
    pool.close()
    pool.join()
    return results

# mutant: the seed's fire-and-forget: results collected by a callback, no error_callback, errors vanish
# expect-fail: test_task_error_is_not_lost
import multiprocessing


def long_time_task(name):
    return name


def run_tasks(names, processes=4):
    results = {}
    pool = multiprocessing.Pool(processes)
    for name in names:
        pool.apply_async(long_time_task, (name,), callback=lambda r, n=name: results.update({n: r}))
    pool.close()
    pool.join()
    return results

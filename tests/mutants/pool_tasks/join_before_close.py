# mutant: join() before close(): Pool.join raises "Pool is still running"
# expect-fail: test_returns_every_result, test_waits_for_every_task, test_no_worker_left
import multiprocessing


def long_time_task(name):
    return name


def run_tasks(names, processes=4):
    pool = multiprocessing.Pool(processes)
    pending = {name: pool.apply_async(long_time_task, (name,)) for name in names}
    pool.join()
    pool.close()
    return {name: r.get() for name, r in pending.items()}

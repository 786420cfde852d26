# mutant: close() without join(): returns while the workers are still exiting
# expect-fail: test_no_worker_left
import multiprocessing


def long_time_task(name):
    return name


def run_tasks(names, processes=4):
    pool = multiprocessing.Pool(processes)
    pending = {name: pool.apply_async(long_time_task, (name,)) for name in names}
    pool.close()
    return {name: r.get() for name, r in pending.items()}

# mutant: keeps only the results that succeeded(): a failed task is silently dropped
# expect-fail: test_task_error_is_not_lost
import multiprocessing


def long_time_task(name):
    return name


def run_tasks(names, processes=4):
    pool = multiprocessing.Pool(processes)
    pending = {name: pool.apply_async(long_time_task, (name,)) for name in names}
    pool.close()
    pool.join()
    return {name: r.get() for name, r in pending.items() if r.successful()}

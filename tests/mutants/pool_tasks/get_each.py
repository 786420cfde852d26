# mutant: .get() straight after each apply_async: one task at a time, the pool's other workers idle
# expect-fail: test_extra_task_waits_for_a_free_worker, test_never_more_than_processes_at_once
import multiprocessing


def long_time_task(name):
    return name


def run_tasks(names, processes=4):
    pool = multiprocessing.Pool(processes)
    results = {}
    try:
        for name in names:
            results[name] = pool.apply_async(long_time_task, (name,)).get()
    finally:
        pool.close()
        pool.join()
    return results

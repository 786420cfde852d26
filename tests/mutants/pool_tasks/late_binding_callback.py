# mutant: a callback lambda reads the loop variable when it runs, after the loop: every result lands under the last name
# expect-fail: test_returns_every_result
import multiprocessing


def long_time_task(name):
    return name


def run_tasks(names, processes=4):
    results = {}
    pool = multiprocessing.Pool(processes)
    for name in names:
        pool.apply_async(long_time_task, (name,), callback=lambda r: results.__setitem__(name, r))
    pool.close()
    pool.join()
    return results

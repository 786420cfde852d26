# alternative: callback and error_callback collect results and errors; close, join, then re-raise
# expect: full
import functools
import multiprocessing
import time


def long_time_task(name):
    time.sleep(0.05)
    return f"Task {name} done"


def run_tasks(names, processes=4):
    results, errors = {}, {}
    pool = multiprocessing.Pool(processes)
    for name in names:
        # partial binds this name now; a lambda would read the loop variable later
        pool.apply_async(long_time_task, args=(name,),
                         callback=functools.partial(results.__setitem__, name),
                         error_callback=functools.partial(errors.__setitem__, name))
    pool.close()
    pool.join()
    for name in names:
        if name in errors:
            raise errors[name]
    return results

# alternative: `with Pool(...)`, close() and join() inside the block, results read after it
# expect: full
import multiprocessing


def long_time_task(name):
    return name


def run_tasks(names, processes=4):
    with multiprocessing.Pool(processes=processes) as pool:
        handles = [pool.apply_async(long_time_task, (name,)) for name in names]
        pool.close()
        pool.join()
    return dict(zip(names, (h.get() for h in handles)))

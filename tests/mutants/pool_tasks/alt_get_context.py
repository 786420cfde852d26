# alternative: get_context().Pool, wait() on each result, then successful()/get()
# expect: full
import multiprocessing as mp


def long_time_task(name):
    return name


def run_tasks(names, processes=4):
    pool = mp.get_context().Pool(processes)
    handles = []
    try:
        for name in names:
            handles.append((name, pool.apply_async(long_time_task, (name,))))
        for _, h in handles:
            h.wait()
    finally:
        pool.close()
        pool.join()
    out = {}
    for name, h in handles:
        out[name] = h.get()  # raises the task's exception if it failed
    return out

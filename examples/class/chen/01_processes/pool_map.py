# mutant: multiprocessing.pool.ThreadPool: threads of one process share one GIL
# expect-fail: test_runs_in_worker_processes, test_tasks_overlap, test_uses_multiprocessing_pool, test_cpu_speedup
from multiprocessing.pool import ThreadPool


def job(x):
    return x * x


def pool_map(xs, processes=2):
    with ThreadPool(processes) as pool:
        return pool.map(job, xs)


def pool_apply_async(xs, processes=2):
    with ThreadPool(processes) as pool:
        pending = [pool.apply_async(job, (x,)) for x in xs]
        return [p.get() for p in pending]

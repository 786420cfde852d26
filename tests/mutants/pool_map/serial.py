# mutant: a plain list comprehension: no pool, no worker processes
# expect-fail: test_runs_in_worker_processes, test_tasks_overlap, test_pool_size, test_uses_multiprocessing_pool, test_cpu_speedup
def job(x):
    return x * x


def pool_map(xs, processes=2):
    return [job(x) for x in xs]


def pool_apply_async(xs, processes=2):
    return [job(x) for x in xs]

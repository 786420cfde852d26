# mutant: the seed's version: the pool is never closed, garbage collection cleans up
# expect-fail: test_no_worker_left
import multiprocessing


def job(x):
    return x * x


def pool_map(xs, processes=2):
    pool = multiprocessing.Pool(processes)
    return pool.map(job, xs)


def pool_apply_async(xs, processes=2):
    pool = multiprocessing.Pool(processes)
    pending = [pool.apply_async(job, (x,)) for x in xs]
    return [p.get() for p in pending]

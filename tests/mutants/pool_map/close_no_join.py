# mutant: close() without join(): returns while the workers are still exiting
# expect-fail: test_no_worker_left
import multiprocessing


def job(x):
    return x * x


def pool_map(xs, processes=2):
    pool = multiprocessing.Pool(processes)
    results = pool.map(job, xs)
    pool.close()
    return results


def pool_apply_async(xs, processes=2):
    pool = multiprocessing.Pool(processes)
    pending = [pool.apply_async(job, (x,)) for x in xs]
    results = [p.get() for p in pending]
    pool.close()
    return results

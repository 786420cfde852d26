# mutant: wraps job in a lambda, which cannot be pickled to the workers
# expect-fail: test_results_in_order
import multiprocessing


def job(x):
    return x * x


def pool_map(xs, processes=2):
    with multiprocessing.Pool(processes) as pool:
        results = pool.map(lambda x: job(x), xs)
        pool.close()
        pool.join()
    return results


def pool_apply_async(xs, processes=2):
    with multiprocessing.Pool(processes) as pool:
        pending = [pool.apply_async(lambda x: job(x), (x,)) for x in xs]
        results = [p.get() for p in pending]
        pool.close()
        pool.join()
    return results

# mutant: Pool() ignores `processes`: one worker per CPU
# expect-fail: test_pool_size
import multiprocessing


def job(x):
    return x * x


def pool_map(xs, processes=2):
    with multiprocessing.Pool() as pool:
        results = pool.map(job, xs)
        pool.close()
        pool.join()
    return results


def pool_apply_async(xs, processes=2):
    with multiprocessing.Pool() as pool:
        pending = [pool.apply_async(job, (x,)) for x in xs]
        results = [p.get() for p in pending]
        pool.close()
        pool.join()
    return results

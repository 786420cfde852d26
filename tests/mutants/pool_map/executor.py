# mutant: concurrent.futures.ProcessPoolExecutor instead of the multiprocessing.Pool the exercise asks for
# expect-fail: test_uses_multiprocessing_pool
from concurrent.futures import ProcessPoolExecutor


def job(x):
    return x * x


def pool_map(xs, processes=2):
    with ProcessPoolExecutor(max_workers=processes) as ex:
        return list(ex.map(job, xs))


def pool_apply_async(xs, processes=2):
    with ProcessPoolExecutor(max_workers=processes) as ex:
        futures = [ex.submit(job, x) for x in xs]
        return [f.result() for f in futures]

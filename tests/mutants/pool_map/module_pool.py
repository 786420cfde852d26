# mutant: one pool created at import and reused by every call, never closed
# expect-fail: test_no_worker_left, test_pool_size
import multiprocessing


def job(x):
    return x * x


_pools = {}


def _pool(processes):
    if processes not in _pools:
        _pools[processes] = multiprocessing.Pool(processes)
    return _pools[processes]


def pool_map(xs, processes=2):
    return _pool(processes).map(job, xs)


def pool_apply_async(xs, processes=2):
    pending = [_pool(processes).apply_async(job, (x,)) for x in xs]
    return [p.get() for p in pending]

# alternative: multiprocessing.get_context().Pool, map with chunksize=1, get with a timeout
# expect: full
import multiprocessing as mp


def job(x):
    return x * x


def pool_map(xs, processes=2):
    ctx = mp.get_context()
    with ctx.Pool(processes) as pool:
        out = pool.map(job, xs, chunksize=1)
        pool.close()
        pool.join()
    return out


def pool_apply_async(xs, processes=2):
    ctx = mp.get_context()
    with ctx.Pool(processes) as pool:
        handles = [pool.apply_async(job, (x,)) for x in xs]
        out = [h.get(timeout=60) for h in handles]
        pool.close()
        pool.join()
    return out

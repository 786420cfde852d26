# alternative: explicit close() and join() in a finally, no `with`
# expect: full
from multiprocessing import Pool


def job(x):
    return x * x


def pool_map(xs, processes=2):
    pool = Pool(processes=processes)
    try:
        return pool.map(job, xs)
    finally:
        pool.close()
        pool.join()


def pool_apply_async(xs, processes=2):
    pool = Pool(processes=processes)
    try:
        results = [pool.apply_async(job, args=(x,)) for x in xs]
        return [r.get() for r in results]
    finally:
        pool.close()
        pool.join()

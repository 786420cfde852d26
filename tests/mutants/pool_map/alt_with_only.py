# alternative: `with Pool(processes) as pool:` alone; __exit__ terminates the workers
# expect: full
import multiprocessing


def job(x):
    return x * x


def pool_map(xs, processes=2):
    with multiprocessing.Pool(processes) as pool:
        return pool.map(job, xs)


def pool_apply_async(xs, processes=2):
    with multiprocessing.Pool(processes) as pool:
        pending = [pool.apply_async(job, (x,)) for x in xs]
        return [p.get() for p in pending]

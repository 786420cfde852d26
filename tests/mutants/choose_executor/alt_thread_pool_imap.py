# alternative: multiprocessing.pool.ThreadPool for I/O, Pool.imap with chunksize=1 from get_context() for CPU
# expect: full
import multiprocessing
import time
from multiprocessing.pool import ThreadPool


def cpu_bound(number):
    return sum(i * i for i in range(number))


def fetch(url):
    time.sleep(0.05)
    return f"<html>{url}</html>"


def run_io_batch(fn, items, workers=8):
    with ThreadPool(workers) as pool:
        return pool.map(fn, items, chunksize=1)


def run_cpu_batch(fn, items, workers=2):
    ctx = multiprocessing.get_context()
    pool = ctx.Pool(workers)
    try:
        return list(pool.imap(fn, items, chunksize=1))
    finally:
        pool.close()
        pool.join()

# alternative: concurrent.futures executors, results from futures instead of a queue
# expect: full
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor


def work(lo, hi):
    res = 0
    for i in range(lo, hi):
        res += i + i ** 2 + i ** 3
    return res


def job(lo, hi, q):
    q.put(work(lo, hi))


def normal(n):
    return sum(work(lo, hi) for lo, hi in [(0, n // 2), (n // 2, n)])


def _halves(n, executor):
    with executor(max_workers=2) as ex:
        futures = [ex.submit(work, lo, hi) for lo, hi in [(0, n // 2), (n // 2, n)]]
        return sum(f.result() for f in futures)


def multithread(n):
    return _halves(n, ThreadPoolExecutor)


def multicore(n):
    return _halves(n, ProcessPoolExecutor)

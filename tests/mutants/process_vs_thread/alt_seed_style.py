# alternative: the seed's shape (p1/p2, t1/t2, a multiprocessing.Queue for the threads too), get() before join()
# expect: full
import multiprocessing as mp
import threading as td


def work(lo, hi):
    res = 0
    for i in range(lo, hi):
        res += i + i ** 2 + i ** 3
    return res


def job(lo, hi, q):
    q.put(work(lo, hi))


def normal(n):
    return work(0, n)


def multithread(n):
    q = mp.Queue()
    t1 = td.Thread(target=job, args=(0, n // 2, q))
    t2 = td.Thread(target=job, args=(n // 2, n, q))
    t1.start()
    t2.start()
    t1.join()
    t2.join()
    res1 = q.get()
    res2 = q.get()
    return res1 + res2


def multicore(n):
    q = mp.Queue()
    p1 = mp.Process(target=job, args=(0, n // 2, q))
    p2 = mp.Process(target=job, args=(n // 2, n, q))
    p1.start()
    p2.start()
    res1 = q.get()
    res2 = q.get()
    p1.join()
    p2.join()
    return res1 + res2

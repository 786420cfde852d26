# mutant: reads one result and doubles it, as if both halves were equal
# expect-fail: test_same_result
import multiprocessing
import queue
import threading


def work(lo, hi):
    res = 0
    for i in range(lo, hi):
        res += i + i ** 2 + i ** 3
    return res


def job(lo, hi, q):
    q.put(work(lo, hi))


def normal(n):
    mid = n // 2
    return work(0, mid) + work(mid, n)


def multithread(n):
    q = queue.Queue()
    mid = n // 2
    threads = [threading.Thread(target=job, args=(0, mid, q)),
               threading.Thread(target=job, args=(mid, n, q))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return 2 * q.get()


def multicore(n):
    q = multiprocessing.Queue()
    mid = n // 2
    procs = [multiprocessing.Process(target=job, args=(0, mid, q)),
             multiprocessing.Process(target=job, args=(mid, n, q))]
    for p in procs:
        p.start()
    first = q.get()
    second = q.get()
    for p in procs:
        p.join()
    return first * 2

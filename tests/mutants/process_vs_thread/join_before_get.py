# mutant: the seed's order: join the processes, then get(): deadlocks once a result outgrows the pipe
# expect-fail: test_multicore_reads_big_results_before_joining
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
    return q.get() + q.get()


def multicore(n):
    q = multiprocessing.Queue()
    mid = n // 2
    p1 = multiprocessing.Process(target=job, args=(0, mid, q))
    p2 = multiprocessing.Process(target=job, args=(mid, n, q))
    p1.start()
    p2.start()
    p1.join()
    p2.join()
    res1 = q.get()
    res2 = q.get()
    return res1 + res2

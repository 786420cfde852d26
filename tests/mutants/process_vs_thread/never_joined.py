# mutant: reads both results and returns without joining: the processes are still exiting
# expect-fail: test_workers_have_ended_on_return
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
    for lo, hi in [(0, mid), (mid, n)]:
        multiprocessing.Process(target=job, args=(lo, hi, q)).start()
    return q.get() + q.get()

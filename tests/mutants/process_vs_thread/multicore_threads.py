# mutant: "multicore" that really starts threads (multiprocessing.dummy): one GIL, one core
# expect-fail: test_multicore_runs_two_processes_at_once, test_processes_beat_serial
import multiprocessing.dummy
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
    q = multiprocessing.dummy.Queue()
    mid = n // 2
    procs = [multiprocessing.dummy.Process(target=job, args=(0, mid, q)),
             multiprocessing.dummy.Process(target=job, args=(mid, n, q))]
    for p in procs:
        p.start()
    total = q.get() + q.get()
    for p in procs:
        p.join()
    return total

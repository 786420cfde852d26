# mutant: each process is started, read and joined before the next one starts: one at a time
# expect-fail: test_multicore_runs_two_processes_at_once, test_processes_beat_serial
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
    total = 0
    for lo, hi in [(0, mid), (mid, n)]:
        p = multiprocessing.Process(target=job, args=(lo, hi, q))
        p.start()
        total += q.get()
        p.join()
    return total

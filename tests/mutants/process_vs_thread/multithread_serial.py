# mutant: "multithread" that just calls job twice in the calling thread
# expect-fail: test_multithread_runs_two_threads_at_once, test_threads_take_turns_under_the_gil
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


def multicore(n):
    q = multiprocessing.Queue()
    mid = n // 2
    procs = [multiprocessing.Process(target=job, args=(0, mid, q)),
             multiprocessing.Process(target=job, args=(mid, n, q))]
    for p in procs:
        p.start()
    total = q.get() + q.get()
    for p in procs:
        p.join()
    return total


def multithread(n):
    q = queue.Queue()
    mid = n // 2
    job(0, mid, q)
    job(mid, n, q)
    return q.get() + q.get()

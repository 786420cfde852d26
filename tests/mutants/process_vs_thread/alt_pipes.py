# alternative: one Pipe per process, recv() before join(); threads write into a list
# expect: full
import multiprocessing
import threading


def work(lo, hi):
    res = 0
    for i in range(lo, hi):
        res += i + i ** 2 + i ** 3
    return res


def job(lo, hi, q):
    q.put(work(lo, hi))


def send_work(lo, hi, conn):
    conn.send(work(lo, hi))
    conn.close()


def normal(n):
    mid = n // 2
    return work(0, mid) + work(mid, n)


def multithread(n):
    results = [0, 0]

    def half(k, lo, hi):
        results[k] = work(lo, hi)

    threads = [threading.Thread(target=half, args=(k, lo, hi))
               for k, (lo, hi) in enumerate([(0, n // 2), (n // 2, n)])]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(results)


def multicore(n):
    pipes, procs = [], []
    for lo, hi in [(0, n // 2), (n // 2, n)]:
        recv, send = multiprocessing.Pipe(duplex=False)
        p = multiprocessing.Process(target=send_work, args=(lo, hi, send))
        p.start()
        send.close()
        pipes.append(recv)
        procs.append(p)
    total = sum(conn.recv() for conn in pipes)
    for p in procs:
        p.join()
    return total

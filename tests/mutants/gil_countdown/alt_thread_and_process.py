# alternative: threading.Thread and multiprocessing.Process by hand, a Queue, clock_gettime(CLOCK_THREAD_CPUTIME_ID)
# expect: full
import multiprocessing
import queue
import os
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from typing import List, NamedTuple


def countdown(n):
    while n > 0:
        n -= 1


class Run(NamedTuple):
    n: int
    pid: int
    thread: str
    start: float
    end: float
    cpu: float


class Report(NamedTuple):
    wall: float
    runs: List[Run]

    @property
    def cpu(self):
        return sum(run.cpu for run in self.runs)

    @property
    def cpu_per_second(self):
        return self.cpu / self.wall if self.wall > 0 else 0.0


def switch_interval_ms():
    return sys.getswitchinterval() * 1000


def timed_countdown(n):
    clock = time.CLOCK_THREAD_CPUTIME_ID
    start, cpu0 = time.perf_counter(), time.clock_gettime(clock)
    countdown(n)
    cpu, end = time.clock_gettime(clock) - cpu0, time.perf_counter()
    return Run(n=n, pid=os.getpid(), thread=threading.current_thread().name,
               start=start, end=end, cpu=cpu)


def put_timed_countdown(n, q):
    q.put(timed_countdown(n))


def in_threads(n):
    q = queue.Queue()
    start = time.perf_counter()
    threads = [threading.Thread(target=put_timed_countdown, args=(h, q), name=f"counter-{h}")
               for h in (n // 2, n - n // 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - start
    return Report(wall, [q.get(), q.get()])


def in_processes(n):
    q = multiprocessing.Queue()
    start = time.perf_counter()
    procs = [multiprocessing.Process(target=put_timed_countdown, args=(h, q))
             for h in (n // 2, n - n // 2)]
    for p in procs:
        p.start()
    runs = [q.get(), q.get()]     # before join(): a child can't exit with data in the pipe
    wall = time.perf_counter() - start
    for p in procs:
        p.join()
    return Report(wall, runs)

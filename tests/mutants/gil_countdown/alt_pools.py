# alternative: multiprocessing.Pool and multiprocessing.pool.ThreadPool, switch interval via round()
# expect: full
import multiprocessing
from multiprocessing.pool import ThreadPool
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
    return round(sys.getswitchinterval() * 1000, 6)


def timed_countdown(n):
    start = time.perf_counter()
    cpu0 = time.thread_time()
    countdown(n)
    cpu = time.thread_time() - cpu0
    end = time.perf_counter()
    return Run(n, os.getpid(), threading.current_thread().name, start, end, cpu)


def _split(n):
    return [n // 2, n - n // 2]


def in_threads(n):
    t0 = time.perf_counter()
    with ThreadPool(2) as pool:
        runs = pool.map(timed_countdown, _split(n))
    return Report(time.perf_counter() - t0, runs)


def in_processes(n):
    t0 = time.perf_counter()
    with multiprocessing.Pool(2) as pool:
        runs = pool.map(timed_countdown, _split(n))
        pool.close()
        pool.join()
    return Report(time.perf_counter() - t0, runs)

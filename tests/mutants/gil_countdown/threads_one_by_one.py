# mutant: each thread is started and joined before the next: the threads never overlap
# expect-fail: test_threads_run_at_the_same_time
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
    start = time.perf_counter()
    cpu0 = time.thread_time()
    countdown(n)
    cpu = time.thread_time() - cpu0
    end = time.perf_counter()
    return Run(n, os.getpid(), threading.current_thread().name, start, end, cpu)


def in_threads(n):
    runs = []
    start = time.perf_counter()
    for half in [n // 2, n - n // 2]:
        t = threading.Thread(target=lambda h=half: runs.append(timed_countdown(h)))
        t.start()
        t.join()
    return Report(time.perf_counter() - start, runs)


def in_processes(n):
    halves = [n // 2, n - n // 2]
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=2) as pool:
        runs = list(pool.map(timed_countdown, halves))
    return Report(time.perf_counter() - start, runs)


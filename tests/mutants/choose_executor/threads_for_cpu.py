# mutant: threads for CPU-bound work too: one GIL, the workers take turns on one core
# expect-fail: test_cpu_runs_in_worker_processes, test_cpu_uses_workers_processes, test_cpu_speedup
import time
from concurrent.futures import ThreadPoolExecutor


def cpu_bound(number):
    return sum(i * i for i in range(number))


def fetch(url):
    time.sleep(0.05)
    return f"<html>{url}</html>"


def run_io_batch(fn, items, workers=8):
    with ThreadPoolExecutor(max_workers=workers) as executor:
        return list(executor.map(fn, items))


def run_cpu_batch(fn, items, workers=2):
    with ThreadPoolExecutor(max_workers=workers) as executor:
        return list(executor.map(fn, items))

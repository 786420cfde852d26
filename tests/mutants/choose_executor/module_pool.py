# mutant: one process pool created on first use and kept at module level, never shut down
# expect-fail: test_cpu_no_worker_left
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

_pools = {}


def cpu_bound(number):
    return sum(i * i for i in range(number))


def fetch(url):
    time.sleep(0.05)
    return f"<html>{url}</html>"


def run_io_batch(fn, items, workers=8):
    with ThreadPoolExecutor(max_workers=workers) as executor:
        return list(executor.map(fn, items))


def run_cpu_batch(fn, items, workers=2):
    if workers not in _pools:
        _pools[workers] = ProcessPoolExecutor(max_workers=workers)
    return list(_pools[workers].map(fn, items))

# mutant: processes for tiny I/O work too: correct results, but fn is pickled to other processes
# expect-fail: test_io_stays_in_this_process
import time
from concurrent.futures import ProcessPoolExecutor


def cpu_bound(number):
    return sum(i * i for i in range(number))


def fetch(url):
    time.sleep(0.05)
    return f"<html>{url}</html>"


def run_io_batch(fn, items, workers=8):
    with ProcessPoolExecutor(max_workers=workers) as executor:
        return list(executor.map(fn, items))


def run_cpu_batch(fn, items, workers=2):
    with ProcessPoolExecutor(max_workers=workers) as executor:
        return list(executor.map(fn, items))

# mutant: one Process per CPU item (results through a Queue), whatever `workers` says
# expect-fail: test_cpu_uses_workers_processes
import multiprocessing
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


def _run_one(fn, i, item, results):
    results.put((i, fn(item)))


def run_cpu_batch(fn, items, workers=2):
    results = multiprocessing.Queue()
    procs = [multiprocessing.Process(target=_run_one, args=(fn, i, item, results))
             for i, item in enumerate(items)]
    for p in procs:
        p.start()
    out = dict(results.get() for _ in procs)
    for p in procs:
        p.join()
    return [out[i] for i in range(len(items))]

# mutant: one thread per I/O item, whatever `workers` says
# expect-fail: test_io_respects_workers
import threading
import time
from concurrent.futures import ProcessPoolExecutor


def cpu_bound(number):
    return sum(i * i for i in range(number))


def fetch(url):
    time.sleep(0.05)
    return f"<html>{url}</html>"


def run_io_batch(fn, items, workers=8):
    results = [None] * len(items)

    def one(i, item):
        results[i] = fn(item)

    threads = [threading.Thread(target=one, args=(i, item)) for i, item in enumerate(items)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def run_cpu_batch(fn, items, workers=2):
    with ProcessPoolExecutor(max_workers=workers) as executor:
        return list(executor.map(fn, items))

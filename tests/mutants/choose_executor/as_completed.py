# mutant: results collected with as_completed / imap_unordered: finishing order, not input order
# expect-fail: test_io_results_in_order, test_cpu_results_in_order
import multiprocessing
import time
from concurrent.futures import ThreadPoolExecutor, as_completed


def cpu_bound(number):
    return sum(i * i for i in range(number))


def fetch(url):
    time.sleep(0.05)
    return f"<html>{url}</html>"


def run_io_batch(fn, items, workers=8):
    with ThreadPoolExecutor(max_workers=workers) as executor:
        futures = [executor.submit(fn, item) for item in items]
        return [f.result() for f in as_completed(futures)]


def run_cpu_batch(fn, items, workers=2):
    with multiprocessing.Pool(workers) as pool:
        results = list(pool.imap_unordered(fn, items))
        pool.close()
        pool.join()
    return results

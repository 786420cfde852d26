# alternative: multiprocessing.Pool for CPU work, plain threading.Thread workers pulling from a queue for I/O
# expect: full
import multiprocessing
import queue
import threading
import time


def cpu_bound(number):
    return sum(i * i for i in range(number))


def fetch(url):
    time.sleep(0.05)
    return f"<html>{url}</html>"


def run_io_batch(fn, items, workers=8):
    results = [None] * len(items)
    todo = queue.Queue()
    for pair in enumerate(items):
        todo.put(pair)

    def worker():
        while True:
            try:
                i, item = todo.get_nowait()
            except queue.Empty:
                return
            results[i] = fn(item)

    threads = [threading.Thread(target=worker) for _ in range(min(workers, len(items)))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def run_cpu_batch(fn, items, workers=2):
    with multiprocessing.Pool(processes=workers) as pool:
        results = pool.map(fn, items)
        pool.close()
        pool.join()
    return results

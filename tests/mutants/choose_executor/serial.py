# mutant: the seed's calculate_sums: plain loops, no executor at all
# expect-fail: test_io_calls_overlap, test_cpu_runs_in_worker_processes, test_cpu_uses_workers_processes, test_cpu_speedup
import time


def cpu_bound(number):
    return sum(i * i for i in range(number))


def fetch(url):
    time.sleep(0.05)
    return f"<html>{url}</html>"


def run_io_batch(fn, items, workers=8):
    return [fn(item) for item in items]


def run_cpu_batch(fn, items, workers=2):
    return [fn(item) for item in items]

# mutant: ThreadPoolExecutor for CPU-bound work: the threads share one GIL and take turns
# expect-fail: test_work_runs_in_worker_processes, test_two_workers_run_at_the_same_time
from concurrent.futures import ThreadPoolExecutor


def cpu_bound(number):
    return sum(i * i for i in range(number))


def find_sums(numbers, processes=2):
    with ThreadPoolExecutor(max_workers=processes) as executor:
        return list(executor.map(cpu_bound, numbers))

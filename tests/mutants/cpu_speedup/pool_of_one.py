# mutant: Pool(1): a worker process, but only one, so nothing runs in parallel
# expect-fail: test_two_workers_run_at_the_same_time, test_exactly_processes_workers
import multiprocessing


def cpu_bound(number):
    return sum(i * i for i in range(number))


def find_sums(numbers, processes=2):
    with multiprocessing.Pool(1) as pool:
        return pool.map(cpu_bound, numbers)

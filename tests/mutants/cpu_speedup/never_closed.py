# mutant: a pool that is never closed or joined: its workers outlive the call
# expect-fail: test_no_worker_left
import multiprocessing


def cpu_bound(number):
    return sum(i * i for i in range(number))


def find_sums(numbers, processes=2):
    pool = multiprocessing.Pool(processes)
    return pool.map(cpu_bound, numbers)

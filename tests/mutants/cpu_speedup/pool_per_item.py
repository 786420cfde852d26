# mutant: a new pool for every number: each pool runs one task, one pool after another
# expect-fail: test_two_workers_run_at_the_same_time
import multiprocessing


def cpu_bound(number):
    return sum(i * i for i in range(number))


def find_sums(numbers, processes=2):
    sums = []
    for n in numbers:
        with multiprocessing.Pool(processes) as pool:
            sums.append(pool.apply(cpu_bound, (n,)))
    return sums

# mutant: the seed's Pool(): one worker per CPU of the machine, ignoring `processes`
# expect-fail: test_exactly_processes_workers
import multiprocessing


def cpu_bound(number):
    return sum(i * i for i in range(number))


def find_sums(numbers, processes=2):
    with multiprocessing.Pool() as pool:
        return pool.map(cpu_bound, numbers)

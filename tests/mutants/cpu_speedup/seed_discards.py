# mutant: the seed's find_sums: pool.map's result is thrown away
# expect-fail: test_sums_exact_and_in_order
import multiprocessing


def cpu_bound(number):
    return sum(i * i for i in range(number))


def find_sums(numbers, processes=2):
    with multiprocessing.Pool(processes) as pool:
        pool.map(cpu_bound, numbers)

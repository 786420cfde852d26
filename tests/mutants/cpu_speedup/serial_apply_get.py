# mutant: a serial loop dressed up as a Pool: apply_async(...).get() for each number
# expect-fail: test_two_workers_run_at_the_same_time
import multiprocessing


def cpu_bound(number):
    return sum(i * i for i in range(number))


def find_sums(numbers, processes=2):
    with multiprocessing.Pool(processes) as pool:
        sums = [pool.apply_async(cpu_bound, (n,)).get() for n in numbers]
        pool.close()
        pool.join()
    return sums

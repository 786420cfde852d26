# alternative: concurrent.futures.ProcessPoolExecutor.map
# expect: full
from concurrent.futures import ProcessPoolExecutor


def cpu_bound(number):
    return sum(i * i for i in range(number))


def find_sums(numbers, processes=2):
    with ProcessPoolExecutor(max_workers=processes) as executor:
        return list(executor.map(cpu_bound, numbers))

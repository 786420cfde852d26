# alternative: ProcessPoolExecutor.submit for every number first, then .result() in input order
# expect: full
import concurrent.futures


def cpu_bound(number):
    return sum(i * i for i in range(number))


def find_sums(numbers, processes=2):
    executor = concurrent.futures.ProcessPoolExecutor(processes)
    try:
        futures = [executor.submit(cpu_bound, n) for n in numbers]
        return [f.result() for f in futures]
    finally:
        executor.shutdown(wait=True)

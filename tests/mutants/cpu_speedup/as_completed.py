# mutant: results collected with as_completed: finishing order, not input order
# expect-fail: test_order_when_tasks_finish_out_of_order
from concurrent.futures import ProcessPoolExecutor, as_completed


def cpu_bound(number):
    return sum(i * i for i in range(number))


def find_sums(numbers, processes=2):
    with ProcessPoolExecutor(max_workers=processes) as executor:
        futures = [executor.submit(cpu_bound, n) for n in numbers]
        return [f.result() for f in as_completed(futures)]

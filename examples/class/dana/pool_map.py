# mutant: .get() straight after each apply_async: waits for every job before submitting the next
# expect-fail: test_tasks_overlap
import multiprocessing


def job(x):
    return x * x


def pool_map(xs, processes=2):
    with multiprocessing.Pool(processes) as pool:
        results = pool.map(job, xs)
        pool.close()
        pool.join()
    return results


def pool_apply_async(xs, processes=2):
    with multiprocessing.Pool(processes) as pool:
        results = [pool.apply_async(job, (x,)).get() for x in xs]
        pool.close()
        pool.join()
    return results

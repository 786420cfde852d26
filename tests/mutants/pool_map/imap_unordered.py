# mutant: imap_unordered and apply_async callbacks: results come back in finishing order
# expect-fail: test_order_when_tasks_finish_out_of_order
import multiprocessing


def job(x):
    return x * x


def pool_map(xs, processes=2):
    with multiprocessing.Pool(processes) as pool:
        results = list(pool.imap_unordered(job, xs))
        pool.close()
        pool.join()
    return results


def pool_apply_async(xs, processes=2):
    results = []
    with multiprocessing.Pool(processes) as pool:
        for x in xs:
            pool.apply_async(job, (x,), callback=results.append)
        pool.close()
        pool.join()
    return results

# mutant: one Process per task, all started at once: no pool, no limit on how many run together
# expect-fail: test_extra_task_waits_for_a_free_worker, test_uses_multiprocessing_pool
import multiprocessing


def long_time_task(name):
    return name


def _run(name, queue):
    try:
        queue.put((name, long_time_task(name), None))
    except Exception as exc:
        queue.put((name, None, exc))


def run_tasks(names, processes=4):
    queue = multiprocessing.Queue()
    procs = [multiprocessing.Process(target=_run, args=(name, queue)) for name in names]
    for p in procs:
        p.start()
    got = [queue.get() for _ in procs]
    for p in procs:
        p.join()
    results = {}
    for name, value, exc in got:
        if exc is not None:
            raise exc
        results[name] = value
    return results

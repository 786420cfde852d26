# mutant: .get() inside `with Pool(...)` before close/join: the first error leaves the block and terminates the other tasks
# expect-fail: test_other_tasks_finish_when_one_fails
import multiprocessing


def long_time_task(name):
    return name


def run_tasks(names, processes=4):
    with multiprocessing.Pool(processes) as pool:
        pending = {name: pool.apply_async(long_time_task, (name,)) for name in names}
        return {name: r.get() for name, r in pending.items()}

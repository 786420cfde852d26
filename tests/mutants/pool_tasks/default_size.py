# mutant: Pool() ignores `processes`: one worker per CPU
# expect-fail: test_never_more_than_processes_at_once
import multiprocessing


def long_time_task(name):
    return name


def run_tasks(names, processes=4):
    pool = multiprocessing.Pool()
    pending = {name: pool.apply_async(long_time_task, (name,)) for name in names}
    pool.close()
    pool.join()
    return {name: r.get() for name, r in pending.items()}

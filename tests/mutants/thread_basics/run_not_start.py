# mutant: thread.run() instead of thread.start(): the target runs in the caller, one after another
# expect-fail: test_run_in_thread_uses_a_new_named_thread, test_run_loops_one_named_thread_per_loop, test_run_loops_threads_run_at_the_same_time
import threading
import time


def loop(nloop, nsec):
    name = threading.current_thread().name
    time.sleep(nsec)
    return f"loop {nloop} slept {nsec} s in {name}"


def run_in_thread(func, name):
    out = []
    t = threading.Thread(target=lambda: out.append(func()), name=name)
    t.run()
    return out[0]


def run_loops(loops):
    results = [None] * len(loops)

    def body(i, nsec):
        results[i] = loop(i, nsec)

    threads = [threading.Thread(target=body, args=(i, s), name=f"LoopThread-{i}")
               for i, s in enumerate(loops)]
    for t in threads:
        t.run()
    return results

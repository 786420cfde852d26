# mutant: run_loops calls run_in_thread for each loop: each waits for its thread, so they run one by one
# expect-fail: test_run_loops_threads_run_at_the_same_time, test_total_time_is_the_longest_loop
import threading
import time


def loop(nloop, nsec):
    name = threading.current_thread().name
    time.sleep(nsec)
    return f"loop {nloop} slept {nsec} s in {name}"


def run_in_thread(func, name):
    out = []
    t = threading.Thread(target=lambda: out.append(func()), name=name)
    t.start()
    t.join()
    return out[0]


def run_loops(loops):
    return [run_in_thread(lambda i=i, s=s: loop(i, s), f"LoopThread-{i}")
            for i, s in enumerate(loops)]

# mutant: start() and join() in the same loop: the loops run one after another
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
    results = [None] * len(loops)

    def body(i, nsec):
        results[i] = loop(i, nsec)

    for i, nsec in enumerate(loops):
        t = threading.Thread(target=body, args=(i, nsec), name=f"LoopThread-{i}")
        t.start()
        t.join()
    return results

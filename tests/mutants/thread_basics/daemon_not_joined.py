# mutant: daemon threads, never joined: returns before the loops have ended
# expect-fail: test_run_loops_waits_for_every_loop, test_run_loops_results_in_order, test_run_in_thread_waits_for_the_thread
import threading
import time


def loop(nloop, nsec):
    name = threading.current_thread().name
    time.sleep(nsec)
    return f"loop {nloop} slept {nsec} s in {name}"


def run_in_thread(func, name):
    out = [None]

    def body():
        out[0] = func()

    threading.Thread(target=body, name=name, daemon=True).start()
    return out[0]


def run_loops(loops):
    results = [None] * len(loops)

    def body(i, nsec):
        results[i] = loop(i, nsec)

    for i, nsec in enumerate(loops):
        threading.Thread(target=body, args=(i, nsec), name=f"LoopThread-{i}", daemon=True).start()
    return results

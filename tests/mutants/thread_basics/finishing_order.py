# mutant: each thread appends its result: the list is in finishing order, not loop order
# expect-fail: test_run_loops_results_in_order
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
    results = []
    threads = [threading.Thread(target=lambda i=i, s=s: results.append(loop(i, s)),
                                name=f"LoopThread-{i}") for i, s in enumerate(loops)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results

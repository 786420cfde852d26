# mutant: threads started without a name: they are called Thread-1, Thread-2 (body), ...
# expect-fail: test_run_loops_one_named_thread_per_loop, test_run_in_thread_uses_a_new_named_thread
import threading
import time


def loop(nloop, nsec):
    name = threading.current_thread().name
    time.sleep(nsec)
    return f"loop {nloop} slept {nsec} s in {name}"


def run_in_thread(func, name):
    out = []
    t = threading.Thread(target=lambda: out.append(func()))
    t.start()
    t.join()
    return out[0]


def run_loops(loops):
    results = [None] * len(loops)

    def body(i, nsec):
        results[i] = loop(i, nsec)

    threads = [threading.Thread(target=body, args=(i, s)) for i, s in enumerate(loops)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results

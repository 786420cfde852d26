# mutant: waits for the threads by asking is_alive() in a loop: burns a core while they sleep
# expect-fail: test_waiting_uses_no_cpu
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
    while t.is_alive():
        pass
    return out[0]


def run_loops(loops):
    results = [None] * len(loops)

    def body(i, nsec):
        results[i] = loop(i, nsec)

    threads = [threading.Thread(target=body, args=(i, s), name=f"LoopThread-{i}")
               for i, s in enumerate(loops)]
    for t in threads:
        t.start()
    while any(t.is_alive() for t in threads):
        pass
    return results

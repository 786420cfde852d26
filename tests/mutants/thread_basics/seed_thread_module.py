# mutant: the seed's Python 2 version ported to _thread: bare threads, locks, spinning on locked()
# expect-fail: test_waiting_uses_no_cpu, test_run_loops_one_named_thread_per_loop, test_run_in_thread_uses_a_new_named_thread
import _thread
import threading
import time


def loop(nloop, nsec):
    name = threading.current_thread().name
    time.sleep(nsec)
    return f"loop {nloop} slept {nsec} s in {name}"


def run_in_thread(func, name):
    out = []
    lock = _thread.allocate_lock()
    lock.acquire()

    def body():
        out.append(func())
        lock.release()

    _thread.start_new_thread(body, ())
    while lock.locked():
        pass
    return out[0]


def run_loops(loops):
    results = [None] * len(loops)
    locks = []
    for _ in loops:
        lock = _thread.allocate_lock()
        lock.acquire()
        locks.append(lock)

    def body(i, nsec, lock):
        results[i] = loop(i, nsec)
        lock.release()

    for i, nsec in enumerate(loops):
        _thread.start_new_thread(body, (i, nsec, locks[i]))
    for lock in locks:
        while lock.locked():
            pass
    return results

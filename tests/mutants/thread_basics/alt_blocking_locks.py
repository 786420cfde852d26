# alternative: the seed's lock idea done right: each thread releases its lock, the caller blocks in acquire()
# expect: full
import threading
import time


def loop(nloop, nsec):
    name = threading.current_thread().name
    time.sleep(nsec)
    return f"loop {nloop} slept {nsec} s in {name}"


def run_in_thread(func, name):
    done = threading.Event()
    box = {}

    def body():
        box["value"] = func()
        done.set()

    threading.Thread(target=body, name=name).start()
    done.wait()   # blocks without using CPU, like join()
    return box["value"]


def run_loops(loops):
    results = {}
    locks = [threading.Lock() for _ in loops]
    for lock in locks:
        lock.acquire()

    def body(i, nsec):
        try:
            results[i] = loop(i, nsec)
        finally:
            locks[i].release()

    for i, nsec in enumerate(loops):
        threading.Thread(target=body, args=(i, nsec), name="LoopThread-%d" % i).start()
    for lock in locks:
        lock.acquire()   # blocking: sleeps until that loop's thread releases it
    return [results[i] for i in range(len(loops))]

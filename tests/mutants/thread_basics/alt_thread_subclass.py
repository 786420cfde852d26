# alternative: a threading.Thread subclass that keeps its result; join with a loop over the list
# expect: full
import threading
import time


def loop(nloop, nsec):
    name = threading.current_thread().name
    time.sleep(nsec)
    return f"loop {nloop} slept {nsec} s in {name}"


class ResultThread(threading.Thread):
    def __init__(self, func, name):
        super().__init__(name=name)
        self.func = func
        self.result = None

    def run(self):
        self.result = self.func()


def run_in_thread(func, name):
    t = ResultThread(func, name)
    t.start()
    t.join()
    return t.result


def run_loops(loops):
    threads = [ResultThread(lambda i=i, s=s: loop(i, s), f"LoopThread-{i}")
               for i, s in enumerate(loops)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return [t.result for t in threads]

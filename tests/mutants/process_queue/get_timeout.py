# mutant: the reader ends when get(timeout=0.02) finds nothing, instead of on the sentinel
# expect-fail: test_no_value_lost_with_a_slow_writer
import multiprocessing
import time

SENTINEL = None


def show(value):
    print(f"Get {value} from queue.", flush=True)


def write(q, values, pause=0.0):
    for value in values:
        q.put(value)
        time.sleep(pause)

import queue


def read(q, handle=show):
    while True:
        try:
            value = q.get(timeout=0.02)
        except queue.Empty:
            return
        if value is SENTINEL:
            return
        handle(value)


def transfer(values, handle=show, pause=0.0):
    q = multiprocessing.Queue()
    pw = multiprocessing.Process(target=write, args=(q, values, pause))
    pr = multiprocessing.Process(target=read, args=(q, handle))
    pw.start()
    pr.start()
    pw.join()
    q.put(SENTINEL)
    pr.join()
    return pw.exitcode, pr.exitcode

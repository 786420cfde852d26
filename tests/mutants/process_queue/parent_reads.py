# mutant: no reader process: the parent reads the queue itself after the writer is done
# expect-fail: test_values_arrive_once_in_order
import multiprocessing
import time

SENTINEL = None


def show(value):
    print(f"Get {value} from queue.", flush=True)


def write(q, values, pause=0.0):
    for value in values:
        q.put(value)
        time.sleep(pause)


def read(q, handle=show):
    while True:
        value = q.get()
        if value is SENTINEL:
            break
        handle(value)


def transfer(values, handle=show, pause=0.0):
    q = multiprocessing.Queue()
    pw = multiprocessing.Process(target=write, args=(q, values, pause))
    pw.start()
    q_values = [q.get() for _ in values]
    pw.join()
    for value in q_values:
        handle(value)
    return pw.exitcode, 0

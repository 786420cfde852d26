# mutant: the reader stops as soon as the queue looks empty (q.empty()), no sentinel needed
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


def read(q, handle=show):
    time.sleep(0.05)  # "give the writer a head start"
    while not q.empty():
        value = q.get()
        if value is SENTINEL:
            break
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

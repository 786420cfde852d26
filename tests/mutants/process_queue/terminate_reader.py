# mutant: the seed's ending: the reader loops forever and is stopped with terminate()
# expect-fail: test_reader_ends_on_the_sentinel, test_values_arrive_once_in_order
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
        value = q.get(True)
        handle(value)


def transfer(values, handle=show, pause=0.0):
    q = multiprocessing.Queue()
    pw = multiprocessing.Process(target=write, args=(q, values, pause))
    pr = multiprocessing.Process(target=read, args=(q, handle))
    pw.start()
    pr.start()
    pw.join()
    pr.terminate()
    pr.join()
    return pw.exitcode, pr.exitcode

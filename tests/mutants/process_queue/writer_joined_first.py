# mutant: runs the writer to the end before starting the reader: the writer cannot exit with a full pipe
# expect-fail: test_reader_runs_while_writer_writes
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
    pw.join()
    q.put(SENTINEL)
    pr = multiprocessing.Process(target=read, args=(q, handle))
    pr.start()
    pr.join()
    return pw.exitcode, pr.exitcode

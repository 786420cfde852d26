# alternative: the writer ends the stream itself; iter(q.get, SENTINEL) in the reader
# expect: full
import multiprocessing
import time

SENTINEL = None


def show(value):
    print(f"Get {value} from queue.", flush=True)


def write(q, values, pause=0.0):
    for value in values:
        q.put(value)
        if pause:
            time.sleep(pause)
    q.put(SENTINEL)  # one writer: it knows when it is done


def read(q, handle=show):
    for value in iter(q.get, SENTINEL):
        handle(value)


def transfer(values, handle=show, pause=0.0):
    q = multiprocessing.Queue()
    procs = [multiprocessing.Process(target=write, args=(q, values, pause), name="writer"),
             multiprocessing.Process(target=read, args=(q, handle), name="reader")]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
    q.close()
    q.join_thread()
    return tuple(p.exitcode for p in procs)

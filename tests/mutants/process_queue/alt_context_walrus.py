# alternative: get_context() Queue/Process, a walrus loop, reader joined with a timeout loop
# expect: full
import multiprocessing
import time

SENTINEL = None


def show(value):
    print(f"Get {value} from queue.", flush=True)


def write(q, values, pause=0.0):
    for v in values:
        q.put(v)
        time.sleep(pause)
    q.close()
    q.join_thread()


def read(q, handle=show):
    while (value := q.get()) is not SENTINEL:
        handle(value)


def transfer(values, handle=show, pause=0.0):
    ctx = multiprocessing.get_context()
    q = ctx.Queue()
    reader = ctx.Process(target=read, args=(q, handle))
    writer = ctx.Process(target=write, args=(q, list(values), pause))
    reader.start()
    writer.start()
    writer.join()
    q.put(SENTINEL)
    while reader.exitcode is None:
        reader.join(0.1)
    return writer.exitcode, reader.exitcode

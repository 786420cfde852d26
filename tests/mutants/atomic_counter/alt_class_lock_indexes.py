# alternative: indexes into a list of (opname, argval) and a list result; one class-level lock shared by all counters
# expect: full
import dis
import threading

n = 0
lock = threading.Lock()


def read_modify_write(func, name):
    ops = [(i.opname, i.argval) for i in dis.get_instructions(func)]
    read = next(k for k, (op, arg) in enumerate(ops) if op[:4] == "LOAD" and arg == name)
    modify = next(k for k in range(read + 1, len(ops))
                  if ops[k][0].split("_")[0] in ("BINARY", "INPLACE"))
    write = next(k for k in range(modify + 1, len(ops))
                 if ops[k][0][:5] == "STORE" and ops[k][1] == name)
    return [ops[read][0], ops[modify][0], ops[write][0]]


def foo():
    global n
    with lock:
        n += 1


class AtomicCounter:
    _lock = threading.Lock()  # one lock shared by every counter: slower, still correct

    def __init__(self, value=0):
        self.count = value

    def increment(self, by=1):
        with AtomicCounter._lock:
            self.count += by
            new = self.count
        return new

    @property
    def value(self):
        return self.count

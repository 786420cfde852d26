# mutant: AtomicCounter keeps its count in the module's n under the module's lock: all counters share one count
# expect-fail: test_counters_are_independent
import dis
import threading

n = 0
lock = threading.Lock()


def read_modify_write(func, name):
    found = []
    for ins in dis.get_instructions(func):
        if not found:
            if ins.opname.startswith("LOAD") and ins.argval == name:
                found.append(ins.opname)
        elif len(found) == 1:
            if ins.opname.startswith(("BINARY_", "INPLACE_")):
                found.append(ins.opname)
        elif ins.opname.startswith("STORE") and ins.argval == name:
            found.append(ins.opname)
            return tuple(found)
    raise LookupError(name)


def foo():
    global n
    with lock:
        n += 1


class AtomicCounter:
    # reuses the module's n and lock: every counter shares one count
    def __init__(self, value=0):
        global n
        with lock:
            n = value

    def increment(self, by=1):
        global n
        with lock:
            n += by
            return n

    @property
    def value(self):
        return n

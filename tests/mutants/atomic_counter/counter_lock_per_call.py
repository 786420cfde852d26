# mutant: increment() takes `with threading.Lock():`, a new lock on every call
# expect-fail: test_counter_loses_no_count
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
    def __init__(self, value=0):
        self._value = value

    def increment(self, by=1):
        with threading.Lock():  # a brand-new lock on every call
            self._value += by
            return self._value

    @property
    def value(self):
        return self._value

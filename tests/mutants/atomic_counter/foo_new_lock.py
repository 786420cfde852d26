# mutant: foo takes `with threading.Lock():`, a new lock on every call that excludes nobody
# expect-fail: test_foo_holds_the_module_lock, test_foo_loses_no_update
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
    with threading.Lock():
        n += 1


class AtomicCounter:
    def __init__(self, value=0):
        self._value = value
        self._lock = threading.Lock()

    def increment(self, by=1):
        with self._lock:
            self._value += by
            return self._value

    @property
    def value(self):
        return self._value

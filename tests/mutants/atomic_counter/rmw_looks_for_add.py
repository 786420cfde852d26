# mutant: read_modify_write looks for an opname containing ADD (3.10's INPLACE_ADD): misses BINARY_OP and -=
# expect-fail: test_read_modify_write_finds_the_named_variable
import dis
import threading

n = 0
lock = threading.Lock()


def read_modify_write(func, name):
    found = []
    for ins in dis.get_instructions(func):
        if not found and ins.opname.startswith("LOAD") and ins.argval == name:
            found.append(ins.opname)
        elif len(found) == 1 and "ADD" in ins.opname:
            found.append(ins.opname)
        elif len(found) == 2 and ins.opname.startswith("STORE") and ins.argval == name:
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
        self._lock = threading.Lock()

    def increment(self, by=1):
        with self._lock:
            self._value += by
            return self._value

    @property
    def value(self):
        return self._value

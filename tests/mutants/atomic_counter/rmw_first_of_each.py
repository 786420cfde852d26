# mutant: read_modify_write takes the first LOAD and the first STORE, whatever variable they touch
# expect-fail: test_read_modify_write_finds_the_named_variable
import dis
import threading

n = 0
lock = threading.Lock()


def read_modify_write(func, name):
    ops = [ins.opname for ins in dis.get_instructions(func)]
    load = next(op for op in ops if op.startswith("LOAD") and op != "LOAD_CONST")
    modify = next(op for op in ops if op.startswith(("BINARY_", "INPLACE_")))
    store = next(op for op in ops if op.startswith("STORE"))
    return (load, modify, store)


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

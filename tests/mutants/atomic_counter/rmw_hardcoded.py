# mutant: read_modify_write returns the opnames dis printed for foo on one Python version
# expect-fail: test_read_modify_write_finds_the_named_variable
import dis
import threading

n = 0
lock = threading.Lock()


def read_modify_write(func, name):
    # what dis.dis(foo) printed on my machine (3.11+)
    return ("LOAD_GLOBAL", "BINARY_OP", "STORE_GLOBAL")


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

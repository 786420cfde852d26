# mutant: read_modify_write takes the instruction right after the read as the modify (it is the LOAD_CONST 1)
# expect-fail: test_read_modify_write_of_the_seed_foo, test_read_modify_write_finds_the_named_variable
import dis
import threading

n = 0
lock = threading.Lock()


def read_modify_write(func, name):
    ins = list(dis.get_instructions(func))
    i = next(k for k, x in enumerate(ins) if x.opname.startswith("LOAD") and x.argval == name)
    j = next(k for k, x in enumerate(ins) if x.opname.startswith("STORE") and x.argval == name)
    return (ins[i].opname, ins[i + 1].opname, ins[j].opname)


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

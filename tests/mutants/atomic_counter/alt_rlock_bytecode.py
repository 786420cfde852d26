# alternative: one shared iterator over dis.Bytecode with next(); foo with acquire/try/finally; counter with an RLock and a local result
# expect: full
import dis
import threading

n = 0
lock = threading.Lock()


def read_modify_write(func, name):
    instructions = iter(dis.Bytecode(func))
    read = next(i for i in instructions
                if i.opname.startswith("LOAD") and i.argval == name)
    modify = next(i for i in instructions
                  if i.opname.startswith("BINARY_") or i.opname.startswith("INPLACE_"))
    write = next(i for i in instructions
                 if i.opname.startswith("STORE") and i.argval == name)
    return read.opname, modify.opname, write.opname


def foo():
    global n
    lock.acquire()
    try:
        n += 1
    finally:
        lock.release()


class AtomicCounter:
    def __init__(self, value=0):
        self._lock = threading.RLock()
        self._count = value

    def increment(self, by=1):
        self._lock.acquire()
        try:
            self._count = self._count + by
            result = self._count
        finally:
            self._lock.release()
        return result

    @property
    def value(self):
        with self._lock:
            return self._count

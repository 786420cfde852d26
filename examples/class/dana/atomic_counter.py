"""Why ``n += 1`` is not thread-safe, seen with ``dis``, and a counter that is.

The seed's story (线程安全): 100 threads each run ``foo()``, which adds 1 to
a global ``n``.  The GIL lets only one thread run Python bytecode at a time,
but ``n += 1`` is not one bytecode: ``dis.dis(foo)`` shows a read of ``n``,
an addition and a write back.  A thread can be switched out between the
read and the write; another thread then updates ``n``, and the first one
writes back a value computed from the old one: an update is lost.

The GIL protects the interpreter's own data (reference counts, lists,
dicts), not your read-modify-write: that needs a lock.  The seed's locked
version was mis-indented -- its ``with lock:`` sat at module level, outside
``foo``, so it ran once at import and ``foo`` changed nothing.  Here it is
inside the function, where it belongs.

Run it with ``python atomic_counter.py``: it disassembles ``unsafe_foo``
and runs the fixed ``foo`` and an ``AtomicCounter`` in 100 threads.
"""
import dis
import threading

n = 0
lock = threading.Lock()


def unsafe_foo():
    """The seed's first ``foo``: ``n += 1`` with no lock (what ``dis`` is shown on).

    Concurrency:
        Not thread-safe: the read and the write of ``n`` are separate
        instructions, and another thread may run in between.
    """
    global n
    n += 1


def read_modify_write(func, name):
    """The opnames of the three instructions behind ``name += ...`` in ``func``.

    Looks through ``dis.get_instructions(func)`` for:

    1. the *read*: the first instruction whose opname starts with ``"LOAD"``
       and whose ``argval`` is ``name``;
    2. the *modify*: the first instruction after the read whose opname starts
       with ``"BINARY_"`` or ``"INPLACE_"`` (the in-place operator);
    3. the *write*: the first instruction after the modify whose opname starts
       with ``"STORE"`` and whose ``argval`` is ``name``.

    Args:
        func: a function whose body contains ``name += ...`` (or ``-=``...).
        name: a global, nonlocal or attribute name, e.g. ``"n"`` or ``"value"``.

    Returns:
        A tuple of three opnames ``(read, modify, write)``.  They depend on
        the Python version, e.g. for ``unsafe_foo`` and ``"n"``:
        ``("LOAD_GLOBAL", "INPLACE_ADD", "STORE_GLOBAL")`` on 3.10 and
        ``("LOAD_GLOBAL", "BINARY_OP", "STORE_GLOBAL")`` on 3.11+.

    Raises:
        LookupError: one of the three is not there.
    """
    ### BEGIN SOLUTION
    # Match by what an instruction does and to which name, never by
    # position: other variables may be loaded first, and the exact names
    # change between versions (INPLACE_ADD became BINARY_OP in 3.11).
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
    raise LookupError(f"no read-modify-write of {name!r} in {func.__name__}: found {found}")
    ### END SOLUTION


def foo():
    """The seed's fixed ``foo``: add 1 to the global ``n``, holding ``lock``.

    Concurrency:
        Called from many threads at once.  The read, the addition and the
        write of ``n`` happen while holding the module-level ``lock``, so no
        other thread reads or writes ``n`` in between.
    """
    global n
    ### BEGIN SOLUTION
    # Inside the function: the seed's `with lock:` at module level ran once,
    # at import, and left `foo` unprotected (in fact empty).
    with lock:
        n += 1
    ### END SOLUTION


class AtomicCounter:
    """A counter that many threads can increment at once without losing a count.

    Example::

        hits = AtomicCounter()
        hits.increment()      # -> 1, from any thread
        hits.value            # -> 1

    Concurrency:
        Every method may be called from any number of threads at the same
        time.  Each counter has its own lock: two counters never share a
        count, and never wait for each other.
    """

    def __init__(self, value=0):
        """Start counting at ``value``."""
        ### BEGIN SOLUTION
        self._value = value
        # One lock per counter, created once: a lock created inside
        # increment() would be a new lock on every call and exclude nobody.
        self._lock = threading.Lock()
        ### END SOLUTION

    def increment(self, by=1):
        """Add ``by`` and return the new value.

        Returns:
            The value right after *this* call's addition: if 100 threads each
            call ``increment()`` once on a fresh counter, they get back
            1, 2, ..., 100, each number exactly once.

        Concurrency:
            The read, the addition, the write and the read of the result all
            happen while holding the counter's lock.
        """
        ### BEGIN SOLUTION
        with self._lock:
            self._value += by
            # Read the result before letting go: after the `with`, another
            # thread may already have added its own.
            return self._value
        ### END SOLUTION

    @property
    def value(self):
        """The current count."""
        ### BEGIN SOLUTION
        with self._lock:
            return self._value
        ### END SOLUTION


def run_foo(threads=100, times=1):
    """The seed's demo: reset ``n``, run ``foo`` ``times`` times in each of ``threads`` threads.

    Returns:
        The final ``n``: ``threads * times`` when no update was lost.
    """
    global n
    n = 0

    def body():
        for _ in range(times):
            foo()

    workers = [threading.Thread(target=body) for _ in range(threads)]
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    return n


def run_counter(threads=100, times=1):
    """Increment one ``AtomicCounter`` ``times`` times in each of ``threads`` threads.

    Returns:
        The counter's final value: ``threads * times`` when no count was lost.
    """
    counter = AtomicCounter()

    def body():
        for _ in range(times):
            counter.increment()

    workers = [threading.Thread(target=body) for _ in range(threads)]
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    return counter.value


if __name__ == "__main__":
    dis.dis(unsafe_foo)
    print("read, modify, write:", read_modify_write(unsafe_foo, "n"))
    print("foo in 100 threads x 1000:", run_foo(100, 1000))
    print("AtomicCounter in 100 threads x 1000:", run_counter(100, 1000))

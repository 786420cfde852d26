"""A shared ``multiprocessing.Value`` whose reads and writes pause: lost updates show every time.

``counter.value += n`` on a ``multiprocessing.Value`` is two steps, each
taking the value's lock on its own: read (lock, read, unlock), then write
(lock, write, unlock).  Another process may write in between, and that
update is lost.  Whether it happens depends on the scheduler, so a grader
cannot count on it.  Measured on this course's 2-core machine, idle (2
processes, each ``times`` lock-less increments, "lost" = runs that lost any
update):

    ======================  ========  ===========  ==============
    start method, cores     times     no barrier   with a barrier
    ======================  ========  ===========  ==============
    fork, 2 cores           1,000     30/40        36/40
    fork, 2 cores           10,000    39/40        40/40
    forkserver, 2 cores     10,000    18/30        30/30
    spawn, 2 cores          10,000    13/20        30/30
    fork, 1 core (taskset)  10,000    13/30        8/30
    fork, 1 core (taskset)  100,000   30/30        30/30
    ======================  ========  ===========  ==============

On one core (or a busy machine) the two processes take turns in time slices
of milliseconds, and a loop shorter than a slice never gets interrupted: it
takes ~100,000 increments per process (~70 ms per run, more under spawn) to
lose updates every time, and a loaded machine interrupts them less predictably
still.

:class:`SlowValue` forces it instead: every read of ``.value`` sleeps a few
microseconds *after* reading, and every write sleeps *before* writing, which
hands the CPU to the other process right inside the read-modify-write
window.  With no lock, a process writes back a value that the other has
overwritten meanwhile.  Measured with 2 processes started together, 100
increments each, on a loaded machine (load average 4-5 on 2 cores):

    ==========================  ===============  ===============
    code                        1 core (taskset) 2 cores
    ==========================  ===============  ===============
    no lock                     55/55 lost       55/55 lost
    lock around the read only   55/55 lost       55/55 lost
    module-level Lock, fork     0/30 lost        0/30 lost
    module-level Lock, spawn +  25/25 lost       25/25 lost
    forkserver
    ``with get_lock(): +=``     0/55 lost        0/55 lost
    ==========================  ===============  ===============

(55 = 30 fork + 15 forkserver + 10 spawn runs.)  With the pause on reads
only, locking the read but not the write lost updates in only 28/30 runs on
two cores: the write came too soon after the unlock for the other process
to slip in.  With the lock held around the whole ``+=`` both pauses happen
*inside* the lock, so nothing is lost; it only makes each increment slower
(~140 µs).

It is a drop-in for what a student's code uses: ``.value`` (read and write),
``get_lock()``, ``get_obj()``, ``acquire()``/``release()`` and ``with
counter:``.  It pickles as itself wrapping the real value, so it can be passed
to ``Process(args=...)`` under fork, forkserver and spawn.

Concurrency:
    Each pause happens in the process that reads or writes; the lock is the
    real value's own (an ``RLock`` unless the caller chose another), shared by every
    process the value was passed to.
"""
from __future__ import annotations

import time

NAP = 1e-5   # seconds to sleep after each read and before each write (~60 µs: timer slack)


class SlowValue:
    """Wraps a synchronized ``multiprocessing.Value``; each read and write of ``.value`` pauses.

    Args:
        inner: a ``multiprocessing.Value`` (or ``ctx.Value``) made with a lock.
        nap: seconds to sleep after each read and before each write.
    """

    def __init__(self, inner, nap: float = NAP):
        self._inner = inner
        self.nap = nap

    def __reduce__(self):
        return (SlowValue, (self._inner, self.nap))

    def __repr__(self):
        return f"<SlowValue {self._inner!r}>"

    @property
    def value(self):
        v = self._inner.value
        time.sleep(self.nap)  # the other process's turn, between the read and the write
        return v

    @value.setter
    def value(self, v):
        time.sleep(self.nap)  # and again: code that locked only the read still races here
        self._inner.value = v

    def get_lock(self):
        return self._inner.get_lock()

    def get_obj(self):
        return self._inner.get_obj()

    def acquire(self, *args, **kwargs):
        return self._inner.acquire(*args, **kwargs)

    def release(self):
        return self._inner.release()

    def __enter__(self):
        return self._inner.__enter__()

    def __exit__(self, *exc):
        return self._inner.__exit__(*exc)

    @property
    def real_value(self):
        """The value now, read without pausing (for the grader)."""
        return self._inner.value

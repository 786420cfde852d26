"""Hidden grader for process_vs_thread: the same work, serial, in threads, in processes.

What is graded, and how it is observed rather than hoped for:

- the three versions return ``work(0, n)`` (the real ``work``, small ``n``),
  and ``multicore`` does under every start method (fork, forkserver, spawn);
- where the work runs: the module's ``work`` is replaced by the grader's,
  which returns the right value at once and records the process and thread
  that ran it (:mod:`conclab.tasks`).  ``normal`` must compute in the
  caller's thread; ``multithread`` in two threads of this process that are
  both running at once (each call waits at a gate for the other);
  ``multicore`` in two worker processes at once (each call waits until
  calls have started in two processes);
- results read before joining: the grader's ``work`` returns a 2 MB number,
  far more than a pipe holds.  A ``multicore`` that joins its processes
  before reading the queue deadlocks; the call is given 3 s;
- nothing left running: a worker process is kept alive 0.3 s after its job
  (a lingering thread), so only a ``multicore`` that joins is clean;
- (timing) with CPU-bound work the processes keep 2 cores busy (skipped on
  one core or a machine too busy to tell, see :mod:`conclab.speedup`), and
  the threads, under the GIL, at most one.  On a free-threaded build
  (``sys._is_gil_enabled()`` false) threads may use two cores: accepted.

Observation runs under the "fork" start method (fast, and the replaced
``work`` is inherited by the children).

Concurrency:
    Every call runs on a helper thread with a deadline
    (:func:`conclab.interleave.call_with_timeout`); processes a test leaves
    behind are killed by the test plugin.
"""
import multiprocessing
import os
import threading

import pytest

from conclab import chaos, reap, speedup
from conclab.interleave import Gate, StillRunning, call_with_timeout
from conclab.tasks import TaskLog, spin
from conclab.timeline import Interval, render

FUNCS = ["normal", "multithread", "multicore"]
METHODS = ["fork", "forkserver", "spawn"]
SIZES = [0, 1, 2, 11, 1001, 20_000]
CALL_TIMEOUT = 5.0     # s; correct calls take ms (spawn: ~0.3 s)
DEADLOCK_TIMEOUT = 3.0  # s; a correct multicore with 2 MB results takes ~50 ms
GATE_TIMEOUT = 1.0     # s; threads started together meet within ms
MEET_TIMEOUT = 1.5     # s; forked processes start within ms
BIG = 1 << (8 * 2 ** 21)   # a 2 MiB number: far more than a pipe's 64 KiB
# Σ thread CPU ÷ wall that threads of one process cannot exceed with a GIL
# (measured <= 1.01; scheduler accounting noise stays well below this).
GIL_MAX_RATIO = 1.25


# The student's processes are forked from the grader's helper thread (every
# call runs on one, with a deadline): Python 3.12+ warns about forking a
# multi-threaded process. Those threads hold no lock a child could need.
pytestmark = pytest.mark.filterwarnings("ignore:This process.*multi-threaded:DeprecationWarning")


def exact(lo, hi):
    """``work(lo, hi)`` in closed form: sum of i + i**2 + i**3 for lo <= i < hi."""
    def upto(m):  # the sum for 0 <= i < m
        s1 = m * (m - 1) // 2
        return s1 + (m - 1) * m * (2 * m - 1) // 6 + s1 * s1
    return upto(hi) - upto(lo) if hi > lo else 0


class Work:
    """The grader's ``work(lo, hi)``: the right value, and a record of where it ran.

    Records go to a :class:`conclab.tasks.TaskLog` (written by whichever
    process runs the call); threads of the grader's own process are also
    kept, as objects, in ``threads``.

    Args:
        log: where the records go.
        gate: calls in the grader's process wait there first (threads only).
        big: added to every result, to make the results big.
        task_options: for :meth:`conclab.tasks.TaskLog.task` (meet, cpu,
            sleep, linger, ...).
    """

    def __init__(self, log, *, gate=None, big=0, **task_options):
        self.log = log
        self.task = log.task(**task_options)
        self.gate = gate
        self.big = big
        self.home = os.getpid()
        self.threads = []

    def __getstate__(self):  # sent to a process pool: a gate only works in-process
        return {**self.__dict__, "gate": None, "threads": []}

    def __call__(self, lo, hi):
        if os.getpid() == self.home:
            self.threads.append(threading.current_thread())
            if self.gate is not None:
                self.gate.wait()
        self.task(lo)
        return exact(lo, hi) + self.big

    def evidence(self):
        return speedup.Evidence(self.log.records())


@pytest.fixture
def fork():
    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("observation needs the 'fork' start method, which this platform lacks")
    old = multiprocessing.get_start_method(allow_none=True)
    multiprocessing.set_start_method("fork", force=True)
    yield
    multiprocessing.set_start_method(old, force=True)


@pytest.fixture
def use_work(exercise, monkeypatch, tmp_path, fork):
    """``use_work(**options)``: replace the module's ``work`` with a fresh :class:`Work`."""
    count = [0]

    def use(**options):
        count[0] += 1
        work = Work(TaskLog(tmp_path / f"work{count[0]}"), **options)
        # The student's functions (and forked children) look `work` up by name.
        monkeypatch.setattr(exercise.module, "work", work)
        return work

    return use


def call(exercise, func, n, timeout=CALL_TIMEOUT):
    """``exercise.<func>(n)`` on a helper thread with a deadline; (value, caller thread name)."""
    name = f"{func}({n})"
    try:
        return call_with_timeout(getattr(exercise, func), n, timeout=timeout, name=name), \
            f"conclab-call-{name}"
    except StillRunning:
        pytest.fail(f"{name} did not return within {timeout:g} s: it waits for something that "
                    f"never happens (a join() of a process that cannot exit, a get() of a "
                    f"result that never comes)", pytrace=False)


def where(ev, caller):
    """Where the recorded calls of work ran, in words."""
    if not ev.records:
        return "work() was never called in a way the grader could see"
    rows = []
    for r in sorted(ev.records, key=lambda r: r.start):
        if r.pid != ev.parent:
            place = f"worker process {r.pid}"
        elif r.thread == caller:
            place = "the calling thread itself"
        else:
            place = f"thread {r.thread!r} of this process"
        rows.append(f"work({r.x}, ...) in {place}")
    bars = [Interval(f"pid {r.pid}" if r.pid != ev.parent else r.thread,
                     r.start, r.end, f"x={r.x}") for r in ev.records]
    return "; ".join(rows) + ":\n" + render(bars)


# --- the same result ---------------------------------------------------------------

@pytest.mark.points(1)
@pytest.mark.timeout(20)
@pytest.mark.parametrize("func", FUNCS)
def test_same_result(exercise, func):
    for n in SIZES:
        got, _ = call(exercise, func, n)
        assert got == exact(0, n) and isinstance(got, int), (
            f"{func}({n}) returned {got!r}; expected work(0, {n}) = {exact(0, n)}: the two "
            f"halves work(0, {n // 2}) and work({n // 2}, {n}) added up. (Did you read both "
            f"results from the queue, and split range(n) into two halves that cover it?)")


@pytest.mark.points(1)
@pytest.mark.timeout(30)
def test_multicore_under_every_start_method(exercise):
    n = 1001
    old = multiprocessing.get_start_method(allow_none=True)
    try:
        for method in METHODS:
            if method not in multiprocessing.get_all_start_methods():
                continue
            multiprocessing.set_start_method(method, force=True)
            try:
                got, _ = call(exercise, "multicore", n)
            except Exception as exc:  # noqa: BLE001 - explained, then the test fails
                if "pickle" not in str(exc).lower() and not isinstance(exc, AttributeError):
                    raise
                pytest.fail(
                    f"with the {method!r} start method multicore({n}) failed with "
                    f"{type(exc).__name__}: {exc}\nUnder 'spawn' and 'forkserver' a Process "
                    f"sends its target to the child by pickling it, which stores only the "
                    f"function's module and name: give it the module-level `job`, not a "
                    f"lambda or a function defined inside multicore", pytrace=False)
            assert got == exact(0, n), (
                f"with the {method!r} start method multicore({n}) returned {got!r}; expected "
                f"{exact(0, n)}. Under 'spawn' and 'forkserver' each child imports your file "
                f"to find its target: give Process the module-level `job` (not a lambda or a "
                f"nested function), and keep demo code under `if __name__ == '__main__':`")
    finally:
        multiprocessing.set_start_method(old, force=True)


# --- where the work runs (start method "fork") -----------------------------------------

@pytest.mark.points(1)
@pytest.mark.timeout(15)
def test_normal_runs_in_the_calling_thread(exercise, use_work):
    work = use_work()
    got, caller = call(exercise, "normal", 1000)
    ev = work.evidence()
    elsewhere = [r for r in ev.records if r.pid != ev.parent or r.thread != caller]
    assert ev.records and not elsewhere, (
        f"normal(1000): {where(ev, caller)}\nnormal must call work itself, in the calling "
        f"thread: no threads, no processes (it is the baseline the others are compared with)")
    assert got == exact(0, 1000), (
        f"normal(1000) returned {got!r}; expected {exact(0, 1000)}, what the grader's work "
        f"returned for the halves, added up")


@pytest.mark.points(2)
@pytest.mark.timeout(15)
def test_multithread_runs_two_threads_at_once(exercise, use_work):
    gate = Gate(2, GATE_TIMEOUT)
    work = use_work(gate=gate, sleep=0.02)
    got, caller = call(exercise, "multithread", 1000)
    ev = work.evidence()
    in_processes = ev.worker_pids
    assert not in_processes, (
        f"multithread(1000): {where(ev, caller)}\nmultithread must use two threads of this "
        f"process (threading.Thread), not processes: that is the point of the comparison")
    threads = {id(t) for t in work.threads if t.name != caller}
    assert len(ev.records) == 2 and len(threads) == 2 and gate.opened, (
        f"multithread(1000): {where(ev, caller)}\nExpected work to be called twice, once in "
        f"each of two new threads, both running at once (each call waited up to "
        f"{GATE_TIMEOUT:g} s for the other). Start both threads, then join both; a call made "
        f"by the calling thread itself is not a thread")
    assert got == exact(0, 1000), (
        f"multithread(1000) returned {got!r}; expected {exact(0, 1000)}: the two results "
        f"the threads put on the queue, added up")


@pytest.mark.points(2)
@pytest.mark.timeout(15)
def test_multicore_runs_two_processes_at_once(exercise, use_work):
    work = use_work(meet=2, meet_timeout=MEET_TIMEOUT, sleep=0.02)
    got, caller = call(exercise, "multicore", 1000)
    ev = work.evidence()
    assert len(ev.records) == 2 and len(ev.worker_pids) == 2 and not work.log.gave_up(), (
        f"multicore(1000): {where(ev, caller)}\nExpected work to be called twice, in two "
        f"worker processes running at the same time (each call waited up to "
        f"{MEET_TIMEOUT:g} s for a call in a second process). Start both "
        f"multiprocessing.Process first, then collect the results, then join them. Threads "
        f"share the process, and its GIL: they are not 'multicore'")
    assert got == exact(0, 1000), (
        f"multicore(1000) returned {got!r}; expected {exact(0, 1000)}: the two results the "
        f"processes put on the queue, added up")


@pytest.mark.points(2)
@pytest.mark.timeout(20)
def test_multicore_reads_big_results_before_joining(exercise, use_work):
    use_work(big=BIG)
    n = 1000
    try:
        got = call_with_timeout(exercise.multicore, n, timeout=DEADLOCK_TIMEOUT,
                                name="multicore with big results")
    except StillRunning:
        pytest.fail(
            f"with results of 2 MB each (the grader's work returns a big number), "
            f"multicore({n}) did not return within {DEADLOCK_TIMEOUT:g} s: a deadlock.\n"
            f"A process that put data on a multiprocessing.Queue cannot exit until that data "
            f"has been written into the queue's pipe, and a pipe holds only about 64 KiB "
            f"until someone reads it. join() first, and you wait for a child that waits for "
            f"you. Read every result with q.get() first, then join() the processes.",
            pytrace=False)
    expected = exact(0, n) + 2 * BIG
    assert got == expected, (
        f"with the grader's work (which returns work(lo, hi) + 2**{BIG.bit_length() - 1}), "
        f"multicore({n}) returned a number other than the sum of the two results: read both "
        f"results from the queue and add them up")


@pytest.mark.points(1)
@pytest.mark.timeout(15)
def test_workers_have_ended_on_return(exercise, use_work):
    # Each worker process stays alive 0.3 s after its job (a lingering
    # thread): only a multicore that joins its processes waits for that.
    work = use_work(meet=2, meet_timeout=MEET_TIMEOUT, linger=0.3)
    call(exercise, "multicore", 1000)
    ev = work.evidence()
    left = sorted(pid for pid in ev.worker_pids if reap.alive(pid))
    assert not left, (
        f"multicore(1000) returned while {len(left)} worker process(es) were still running "
        f"(pid {', '.join(map(str, left))}): after reading the results, join() every process")
    work = use_work(sleep=0.05)
    call(exercise, "multithread", 1000)
    running = [t.name for t in work.threads if t.is_alive()]
    for t in work.threads:
        if t is not threading.current_thread():
            t.join(1.0)
    assert not running, (
        f"multithread(1000) returned while thread(s) {running} were still running: join() "
        f"both threads (after starting both)")


# --- speed (timing) ---------------------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.timing
@pytest.mark.timeout(40)
def test_processes_beat_serial(exercise, use_work):
    """Two halves of 60 ms CPU each: two processes must keep two cores busy."""
    if reason := speedup.skip_reason(2):
        pytest.skip(reason)

    def run():
        work = use_work(cpu=0.06)
        call(exercise, "multicore", 1000)
        return work.evidence()

    verdict = speedup.judge_parallel(run, workers=2, serial=lambda: (spin(0.06), spin(0.06)))
    if verdict.status == "skip":
        pytest.skip(verdict.message)
    assert verdict.status == "pass", (
        f"{verdict.message}\nExpected: the two CPU-bound halves in two worker processes at "
        f"the same time, each with its own interpreter and GIL, about twice as fast as "
        f"normal()")


def threads_verdict(ratio, gil):
    """None if ``ratio`` (Σ thread CPU ÷ wall of two threads) is possible here, else why not."""
    if not gil:
        return None   # free-threaded build: threads may really run in parallel
    if ratio <= GIL_MAX_RATIO:
        return None
    return (f"the two threads used {ratio:.2f} CPU-seconds per second of wall time, more "
            f"than one core's worth, which threads of one process cannot do with the GIL: "
            f"multithread must run its halves in threads of the calling process")


@pytest.mark.points(1)
@pytest.mark.timing
@pytest.mark.timeout(20)
def test_threads_take_turns_under_the_gil(exercise, use_work):
    """Two halves of 50 ms CPU each in two threads: with the GIL, at most one core busy."""
    work = use_work(gate=Gate(2, GATE_TIMEOUT), cpu=0.05)
    _, caller = call(exercise, "multithread", 1000)
    ev = work.evidence()
    threads = {r.thread for r in ev.records if r.pid == ev.parent and r.thread != caller}
    assert len(ev.records) == 2 and len(threads) == 2, (
        f"multithread(1000): {where(ev, caller)}\nExpected the two halves in two threads of "
        f"this process")
    problem = threads_verdict(ev.cpu_ratio, chaos.gil_enabled())
    assert problem is None, f"{problem}:\n{render(ev.intervals)}"

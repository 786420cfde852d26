"""Hidden grader for choose_executor: threads for I/O-bound work, processes for CPU-bound work.

Nothing is judged by the name of the class used (ThreadPoolExecutor,
``multiprocessing.Pool``, ``asyncio.to_thread``, plain threads... all
score).  What the calls did is observed: the grader passes instrumented
functions (:mod:`conclab.tasks`) that record the process, the thread, the
start and the end of every call, and that force the schedule they check:

- ``run_io_batch`` gets an I/O-ish function (it sleeps) that first waits
  at a :class:`conclab.interleave.Gate` until ``workers`` calls are in
  flight at once: a correct thread pool fills it every time, serial code
  never does.  The function is picklable, but pickling it is recorded: a
  process pool for this tiny I/O work still gets correct results and loses
  the points for "stays in this process".
- ``run_cpu_batch`` gets a picklable task that waits until tasks have
  started in 2 distinct worker processes (a rendezvous), under the "fork",
  "forkserver" and "spawn" start methods: threads, serial code or a single
  worker can never meet it.  Speedup is measured last, with
  :func:`conclab.speedup.judge_parallel` (skipped on one core or when the
  machine is too busy to tell).

Every call of the student's code runs with a deadline
(:func:`conclab.interleave.call_with_timeout`), so a hang costs one test.
"""
import multiprocessing
import os

import pytest

from conclab import reap, speedup
from conclab.interleave import Gate, StillRunning, call_with_timeout
from conclab.tasks import TaskLog
from conclab.timeline import Interval, max_concurrency, render
from conclab.startmethods import METHODS
from conclab.startmethods import fork, start_method  # noqa: F401 (fixtures)

GATE_TIMEOUT = 1.0    # s a call waits for the others to be in flight (threads arrive in ms)
MEET_TIMEOUT = 2.0    # s a CPU task waits for a task in a second process (spawn: ~0.1-0.3 s)
CALL_TIMEOUT = 8.0    # s for one call of the student's code; a correct one takes < 1 s
IO_SLEEP = 0.03       # s each I/O call "waits for the network"

# The student's code runs on a helper thread (for its deadline), so a "fork"
# pool forks a process that has threads, which 3.12+ warns about.  The main
# thread only waits in join() meanwhile, holding no lock a child needs; the
# warning would only confuse the student.
pytestmark = pytest.mark.filterwarnings(
    "ignore:This process .* is multi-threaded, use of fork:DeprecationWarning")


# --- instruments -------------------------------------------------------------

class IOCall:
    """An I/O-bound ``fn(x)`` that returns ``x * x`` and records where it ran.

    It waits at ``gate`` (when given), then runs a :class:`conclab.tasks.Task`
    that sleeps: the task writes one record per call (pid, thread, start,
    end) to the log.  Pickled, it turns into that plain task and notes that
    it was pickled: the student's code sent it to another process.
    """

    def __init__(self, log, gate=None, **task_options):
        self.task = log.task(**task_options)
        self.gate = gate
        self.pickled = False
        self.home = os.getpid()

    def __call__(self, x):
        if self.gate is not None and os.getpid() == self.home:
            self.gate.wait()
        return self.task(x)

    def __reduce__(self):
        self.pickled = True  # runs in the grader's process, before sending
        return self.task.__reduce_ex__(1)  # protocol 1: rebuilt as a Task, not an IOCall


@pytest.fixture
def log(tmp_path):
    return TaskLog(tmp_path / "tasks")


def call(exercise, func, fn, items, **kwargs):
    """``exercise.<func>(fn, items, **kwargs)`` with a deadline; errors explained."""
    shown = f"{func}(fn, {list(items)}{''.join(f', {k}={v}' for k, v in kwargs.items())})"
    student = getattr(exercise, func)  # a missing function fails here, with its lesson
    try:
        return call_with_timeout(lambda: student(fn, list(items), **kwargs),
                                 timeout=CALL_TIMEOUT, name=func)
    except StillRunning:
        pytest.fail(f"{shown} did not return within {CALL_TIMEOUT:g} s: it is waiting for a "
                    f"worker that never answers (a pool never shut down, a thread never "
                    f"joined, a function the workers cannot import?)", pytrace=False)
    except NotImplementedError:
        raise
    except Exception as exc:  # noqa: BLE001 - explained, then the test fails
        hint = ""
        if "pickle" in str(exc).lower() or "Can't get" in str(exc):
            hint = ("\nA process pool sends the function to its workers by pickling it, which "
                    "stores only its module and name: pass `fn` itself, not a lambda or a "
                    "function defined inside another function.")
        pytest.fail(f"{shown} raised {type(exc).__name__}: {exc}{hint}", pytrace=False)


def thread_intervals(records):
    """One row per thread that ran a call (and per process, for calls run elsewhere)."""
    here = os.getpid()
    return [Interval(r.thread if r.pid == here else f"pid {r.pid} {r.thread}",
                     r.start, r.end, f"x={r.x}") for r in records]


# --- I/O-bound: threads --------------------------------------------------------

@pytest.mark.points(1)
@pytest.mark.timeout(20)
def test_io_results_in_order(exercise, log):
    # x=0 waits 0.15 s longer than the others: it finishes last.
    fn = IOCall(log, delays={0: 0.15}, sleep=0.01)
    xs = list(range(8))
    got = call(exercise, "run_io_batch", fn, xs, workers=4)
    finished = [r.x for r in log.records()]
    assert got == [x * x for x in xs], (
        f"run_io_batch(fn, {xs}, workers=4) returned {got!r}; expected "
        f"{[x * x for x in xs]}: fn(x) for each x, in the order of the items.\n"
        f"The calls finished in this order: x = {finished} (x=0 was made slow on purpose). "
        f"`as_completed` and callbacks give finishing order; `executor.map`, or collecting "
        f"the futures' results in the order you submitted them, keep input order.")
    got = call(exercise, "run_io_batch", fn, [], workers=4)
    assert got == [], f"run_io_batch(fn, [], workers=4) returned {got!r}; expected []"


@pytest.mark.points(2)
@pytest.mark.timeout(20)
def test_io_calls_overlap(exercise, log):
    # Each call waits until 4 calls are in flight, then "waits for the
    # network" 30 ms: a pool of 4 threads has 4 calls in flight for sure.
    workers = 4
    gate = Gate(workers, GATE_TIMEOUT)
    fn = IOCall(log, gate=gate, sleep=IO_SLEEP)
    call(exercise, "run_io_batch", fn, range(2 * workers), workers=workers)
    intervals = thread_intervals(log.records())
    most = max_concurrency(intervals)
    if not intervals:
        pytest.fail("run_io_batch never called fn: call fn(item) for every item", pytrace=False)
    assert not gate.broken and most >= workers, (
        f"run_io_batch(fn, 8 items, workers={workers}) had at most {most} call(s) in flight at "
        f"once; each call waited up to {GATE_TIMEOUT:g} s for {workers} to be in flight.\n"
        f"{render(intervals)}\n"
        f"I/O-bound calls spend their time waiting, and a waiting thread releases the GIL: run "
        f"them in `workers` threads at the same time (e.g. a ThreadPoolExecutor), and wait for "
        f"each result only after submitting them all.")


@pytest.mark.points(2)
@pytest.mark.timeout(20)
def test_io_stays_in_this_process(exercise, log):
    fn = IOCall(log, sleep=0.005)
    call(exercise, "run_io_batch", fn, range(6), workers=3)
    records = log.records()
    pids = sorted({r.pid for r in records} - {os.getpid()})
    assert records, "run_io_batch never called fn: call fn(item) for every item"
    assert not fn.pickled and not pids, (
        f"run_io_batch sent fn to other processes"
        + (f" (pid {', '.join(map(str, pids))})" if pids else " (it pickled fn)")
        + ".\nFor I/O-bound work that is the wrong tool: each worker process takes milliseconds "
          "to start and a memory of its own, fn and every result must be pickled, and a function "
          "that holds a socket or a session cannot be pickled at all -- while the calls only "
          "wait, and a waiting thread releases the GIL. Use threads of this process "
          "(ThreadPoolExecutor, threading.Thread, asyncio.to_thread).")


@pytest.mark.points(1)
@pytest.mark.timeout(20)
@pytest.mark.parametrize("workers", [1, 3])
def test_io_respects_workers(exercise, log, workers):
    gate = Gate(workers, GATE_TIMEOUT) if workers > 1 else None
    fn = IOCall(log, gate=gate, sleep=IO_SLEEP)
    call(exercise, "run_io_batch", fn, range(3 * workers), workers=workers)
    intervals = thread_intervals(log.records())
    most = max_concurrency(intervals)
    assert intervals and most <= workers, (
        f"run_io_batch(fn, {3 * workers} items, workers={workers}) had {most} calls in flight "
        f"at once; at most {workers} were allowed.\n{render(intervals)}\n"
        f"`workers` caps the calls in flight (a server would see that many connections at "
        f"once): ThreadPoolExecutor(max_workers=workers), or an asyncio.Semaphore(workers) "
        f"around asyncio.to_thread -- not one thread per item.")


# --- CPU-bound: processes --------------------------------------------------------

def evidence(log):
    return speedup.Evidence(log.records())


@pytest.mark.points(1)
@pytest.mark.timeout(30)
@pytest.mark.parametrize("start_method", METHODS, indirect=True)
def test_cpu_runs_in_worker_processes(exercise, log, start_method):
    # Each task waits until tasks have started in 2 processes: 2 worker
    # processes run at the same time for sure; threads never meet it.
    task = log.task(meet=2, meet_timeout=MEET_TIMEOUT, sleep=0.02)
    xs = [3, 1, 4, 1, 5, 9]
    got = call(exercise, "run_cpu_batch", task, xs, workers=2)
    assert got == [x * x for x in xs], (
        f"run_cpu_batch(fn, {xs}, workers=2) returned {got!r} with the {start_method!r} start "
        f"method; expected {[x * x for x in xs]}: fn(x) for each x, in the order of the items")
    ev = evidence(log)
    if ev.pids & {ev.parent} or len(ev.worker_pids) < 2 or ev.overlap == 0 or log.gave_up():
        pytest.fail(f"{speedup.describe(ev)}\n"
                    f"Expected: 2 worker processes computing at the same time (start method "
                    f"{start_method!r}). CPU-bound Python code holds the GIL, so threads of one "
                    f"process take turns on one core: use processes (ProcessPoolExecutor, "
                    f"multiprocessing.Pool) with `workers` workers.", pytrace=False)
    got = call(exercise, "run_cpu_batch", task, [], workers=2)
    assert got == [], f"run_cpu_batch(fn, [], workers=2) returned {got!r}; expected []"


@pytest.mark.points(1)
@pytest.mark.timeout(20)
def test_cpu_results_in_order(exercise, log, fork):
    xs = list(range(8))
    # x=0 takes 0.3 s longer, so the other worker finishes x=1..7 first.
    task = log.task(meet=2, meet_timeout=MEET_TIMEOUT, delays={0: 0.3})
    got = call(exercise, "run_cpu_batch", task, xs, workers=2)
    finished = [r.x for r in log.records()]
    assert got == [x * x for x in xs], (
        f"run_cpu_batch(fn, {xs}, workers=2) returned {got!r}; expected "
        f"{[x * x for x in xs]}.\nThe tasks finished in this order: x = {finished} (x=0 was "
        f"made slow on purpose). Your results came back in finishing order: `as_completed`, "
        f"`imap_unordered` and callbacks give that; `map`, or the results collected in the "
        f"order you submitted the calls, keep input order.")


@pytest.mark.points(1)
@pytest.mark.timeout(20)
def test_cpu_uses_workers_processes(exercise, log, fork):
    # A rendezvous of 3 processes, then 0.1 s each: a pool of 3 gives every
    # worker a task; a pool too small never meets, one too big (or a process
    # per item) shows more than 3 pids.
    task = log.task(meet=3, meet_timeout=MEET_TIMEOUT, sleep=0.1)
    call(exercise, "run_cpu_batch", task, range(10), workers=3)
    ev = evidence(log)
    pids = log.started_pids() - {ev.parent}
    also = " and in the grader's own process" if ev.parent in ev.pids else ""
    assert len(pids) == 3 and not also, (
        f"run_cpu_batch(fn, 10 items, workers=3) ran fn in {len(pids)} worker process(es)"
        f"{also}; expected "
        f"exactly 3:\n{render(ev.intervals)}\n"
        f"Start exactly `workers` processes (ProcessPoolExecutor(max_workers=workers), "
        f"Pool(processes=workers)) and let them share the items: not one per item, not one "
        f"per CPU ({multiprocessing.cpu_count()} here).")


@pytest.mark.points(1)
@pytest.mark.timeout(20)
def test_cpu_no_worker_left(exercise, log, fork):
    # Each worker keeps running 0.5 s after it is told to exit (a lingering
    # thread): only workers that are waited for (or killed) are gone.
    task = log.task(meet=2, meet_timeout=MEET_TIMEOUT, linger=0.5)
    call(exercise, "run_cpu_batch", task, range(4), workers=2)
    left = sorted(pid for pid in {r.pid for r in log.records()}
                  if pid != os.getpid() and reap.alive(pid))
    assert not left, (
        f"run_cpu_batch returned while {len(left)} worker process(es) were still running "
        f"(pid {', '.join(map(str, left))}).\n"
        f"Shut the pool down and wait for its workers before returning: `with "
        f"ProcessPoolExecutor(...) as ex:` (its exit waits), or Pool's close() then join(). "
        f"A pool kept at module level and reused is never shut down.")


@pytest.mark.points(2)
@pytest.mark.timing
@pytest.mark.timeout(40)
def test_cpu_speedup(exercise, log, fork, tmp_path):
    """8 tasks of 50 ms CPU each with workers=2: they must really run in parallel."""
    if reason := speedup.skip_reason(2):
        pytest.skip(reason)
    xs = list(range(8))
    task = log.task(cpu=0.05)

    def run():
        log.clear()
        call(exercise, "run_cpu_batch", task, xs, workers=2)
        return evidence(log)

    serial_task = TaskLog(tmp_path / "serial").task(cpu=0.05)
    verdict = speedup.judge_parallel(run, workers=2, serial=lambda: [serial_task(x) for x in xs])
    if verdict.status == "skip":
        pytest.skip(verdict.message)
    assert verdict.status == "pass", (
        f"{verdict.message}\nExpected: the 8 CPU-bound tasks spread over 2 worker processes "
        f"running at the same time, about twice as fast as one after another.")

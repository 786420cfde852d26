"""Hidden grader for gil_countdown: CountDown in two threads and in two processes.

What is graded, and how it is observed rather than hoped for:

- ``switch_interval_ms()`` reads the interpreter's setting: the grader
  changes it with ``sys.setswitchinterval`` and expects the new value back,
  and the setting unchanged by the call (the seed's "15 ms" and a
  remembered 5 ms both fail);
- ``timed_countdown(n)`` measures *its own thread's* CPU time: the grader's
  ``countdown`` spins 40 ms of CPU and then sleeps 40 ms while a second
  thread of the grader spins beside it.  ``time.thread_time()`` reads
  ~40 ms; ``process_time()`` adds the other thread's CPU, a wall clock the
  sleep;
- ``in_threads``/``in_processes``: the module's ``countdown`` is replaced by
  the grader's, which records the process and thread that ran it, its CPU
  time, and when (:mod:`conclab.tasks`).  Two threads of this process must
  run at once (each call waits at a gate for the other); two worker
  processes must run at once (each call waits until calls have started in
  two processes); the halves must add up to ``n``; the returned ``Report``
  must agree with what was observed (same threads or pids, CPU per run,
  a wall time that covers the runs and fits in the call);
- no worker process still running on return;
- (timing) with CPU-bound halves, the processes keep two cores busy (skipped
  on one core or when the machine is too busy to tell) and the threads at
  most one under the GIL (a free-threaded build may use two: accepted).

Observation runs under the "fork" start method; ``in_processes`` is also run
for real under fork, forkserver and spawn.

Concurrency:
    Every call runs on a helper thread with a deadline
    (:func:`conclab.interleave.call_with_timeout`); processes a test leaves
    behind are killed by the test plugin.
"""
import multiprocessing
import os
import sys
import threading
import time

import pytest

from conclab import chaos, reap, speedup
from conclab.interleave import Gate, StillRunning, call_with_timeout, run_threads
from conclab.tasks import TaskLog, spin
from conclab.timeline import Interval, render

METHODS = ["fork", "forkserver", "spawn"]
CALL_TIMEOUT = 5.0     # s; correct calls take ms here (spawn: ~0.3 s)
GATE_TIMEOUT = 1.0     # s; threads started together meet within ms
MEET_TIMEOUT = 1.5     # s; forked processes start within ms
N = 1001               # odd: the halves are 500 and 501
# The CPU a run reports may exceed what the grader's countdown measured
# inside it by the few statements around the call; no more.
CPU_SLACK = 0.015      # s
# Σ thread CPU ÷ wall that threads of one process cannot exceed with a GIL
# (measured <= 1.01).
GIL_MAX_RATIO = 1.25


# The student's processes are forked from the grader's helper thread (every
# call runs on one, with a deadline): Python 3.12+ warns about forking a
# multi-threaded process. Those threads hold no lock a child could need.
pytestmark = pytest.mark.filterwarnings("ignore:This process.*multi-threaded:DeprecationWarning")


class Countdown:
    """The grader's ``countdown(n)``: records where and when it ran, and its CPU.

    Records go to a :class:`conclab.tasks.TaskLog` (written by whichever
    process runs the call, ``x`` = ``n``); threads of the grader's own
    process are also kept, as objects, in ``threads``.

    Args:
        log: where the records go.
        gate: calls in the grader's process wait there first (threads).
        task_options: for :meth:`conclab.tasks.TaskLog.task` (meet, cpu,
            sleep, linger, ...).
    """

    def __init__(self, log, *, gate=None, **task_options):
        self.log = log
        self.task = log.task(**task_options)
        self.gate = gate
        self.home = os.getpid()
        self.threads = []

    def __getstate__(self):  # sent to a process pool: a gate only works in-process
        return {**self.__dict__, "gate": None, "threads": []}

    def __call__(self, n):
        if os.getpid() == self.home:
            self.threads.append(threading.current_thread())
            if self.gate is not None:
                self.gate.wait()
        self.task(n)

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
def use_countdown(exercise, monkeypatch, tmp_path, fork):
    """``use_countdown(**options)``: replace the module's ``countdown`` with a fresh one."""
    count = [0]

    def use(**options):
        count[0] += 1
        countdown = Countdown(TaskLog(tmp_path / f"countdown{count[0]}"), **options)
        # timed_countdown looks `countdown` up by name, in threads and in
        # forked worker processes alike.
        monkeypatch.setattr(exercise.module, "countdown", countdown)
        return countdown

    return use


class Call:
    def __init__(self, value, caller, start, end):
        self.value, self.caller, self.start, self.end = value, caller, start, end


def call(exercise, func, *args, what=None):
    """``exercise.<func>(*args)`` on a helper thread with a deadline."""
    what = what or f"{func}({', '.join(map(repr, args))})"
    fn = getattr(exercise, func)

    def timed():
        start = time.perf_counter()
        value = fn(*args)
        return Call(value, threading.current_thread().name, start, time.perf_counter())

    try:
        return call_with_timeout(timed, timeout=CALL_TIMEOUT, name=what)
    except StillRunning:
        pytest.fail(f"{what} did not return within {CALL_TIMEOUT:g} s: does it wait for a "
                    f"worker that never ends, or for a result that never comes?", pytrace=False)


def runs_of(report, what):
    """The report's runs, after checking its shape."""
    runs = getattr(report, "runs", None)
    wall = getattr(report, "wall", None)
    assert isinstance(wall, (int, float)) and isinstance(runs, (list, tuple)), (
        f"{what} returned {report!r}; expected Report(wall, runs): the seconds the whole "
        f"call took, and the list of Runs that timed_countdown returned in the workers")
    for run in runs:
        assert all(hasattr(run, f) for f in ("n", "pid", "thread", "start", "end", "cpu")), (
            f"{what} returned a report with the run {run!r}; each run must be the Run that "
            f"timed_countdown returned: Run(n, pid, thread, start, end, cpu)")
    return list(runs)


def picture(ev, caller):
    bars = [Interval(f"pid {r.pid}" if r.pid != ev.parent else r.thread,
                     r.start, r.end, f"n={r.x}") for r in ev.records]
    where = []
    for r in sorted(ev.records, key=lambda r: r.start):
        if r.pid != ev.parent:
            where.append(f"countdown({r.x}) in worker process {r.pid}")
        elif r.thread == caller:
            where.append(f"countdown({r.x}) in the calling thread itself")
        else:
            where.append(f"countdown({r.x}) in thread {r.thread!r} of this process")
    if not where:
        return "countdown was never called where the grader could see it (call the module's " \
               "`countdown` from timed_countdown, and timed_countdown in each worker)"
    return "; ".join(where) + ":\n" + render(bars)


def halves_message(what, ns):
    return (f"{what} counted down {ns}; expected the halves [500, 501] of n = {N}: "
            f"n // 2 and n - n // 2 (two times n // 2 loses one when n is odd)")


# --- switch interval -----------------------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.timeout(10)
def test_switch_interval_ms(exercise):
    before = sys.getswitchinterval()
    try:
        for setting in (before, 0.002, 0.0125):
            sys.setswitchinterval(setting)
            setting = sys.getswitchinterval()   # as stored: whole microseconds
            got = call(exercise, "switch_interval_ms").value
            after = sys.getswitchinterval()
            assert after == setting, (
                f"switch_interval_ms() changed the switch interval from {setting * 1000:g} ms "
                f"to {after * 1000:g} ms: it must only read it, with sys.getswitchinterval()")
            hint = ""
            if isinstance(got, (int, float)):
                if abs(got - setting) < 1e-9:
                    hint = " That is the value in seconds: multiply by 1000."
                elif abs(got - 15) < 1e-9 or abs(got - 0.015) < 1e-9:
                    hint = (" 15 ms is what old notes say; Python 3's default is 5 ms, and the "
                            "program may have changed it: read sys.getswitchinterval().")
                elif abs(got - 5) < 1e-9:
                    hint = " 5 ms is only the default: read sys.getswitchinterval()."
            assert isinstance(got, (int, float)) and abs(got - setting * 1000) < 1e-6, (
                f"with the switch interval set to {setting * 1000:g} ms "
                f"(sys.setswitchinterval({setting})), switch_interval_ms() returned {got!r}; "
                f"expected {setting * 1000:g}.{hint}")
    finally:
        sys.setswitchinterval(before)


# --- timed_countdown -------------------------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.timeout(10)
def test_timed_countdown_measures_its_own_thread(exercise, monkeypatch):
    seen = {}

    def countdown(n):   # 40 ms of CPU, then 40 ms asleep (no CPU)
        seen["start"], cpu0 = time.perf_counter(), time.thread_time()
        spin(0.04)
        time.sleep(0.04)
        seen["cpu"], seen["end"] = time.thread_time() - cpu0, time.perf_counter()
        seen["n"] = n

    monkeypatch.setattr(exercise.module, "countdown", countdown)
    stop = threading.Event()

    def neighbour():    # another thread of the process, busy the whole time
        while not stop.is_set():
            spin(0.005)

    other = threading.Thread(target=neighbour, name="grader-neighbour", daemon=True)
    other.start()
    try:
        t0 = time.perf_counter()
        [res] = run_threads(exercise.timed_countdown, [(12345,)], ["grader-counter"],
                            CALL_TIMEOUT)
        t1 = time.perf_counter()
    finally:
        stop.set()
        other.join(2)
    if res.error is not None:
        raise res.error
    assert res.finished, f"timed_countdown(12345) did not return within {CALL_TIMEOUT:g} s"
    run = res.value
    fields = ("n", "pid", "thread", "start", "end", "cpu")
    assert all(hasattr(run, f) for f in fields), (
        f"timed_countdown(12345) returned {run!r}; expected Run(n, pid, thread, start, end, "
        f"cpu)")
    assert seen.get("n") == 12345, (
        f"timed_countdown(12345) called countdown with {seen.get('n', 'nothing')!r}: it must "
        f"call the module's countdown(n)")
    assert (run.n, run.pid, run.thread) == (12345, os.getpid(), "grader-counter"), (
        f"timed_countdown(12345), called in a thread named 'grader-counter' of process "
        f"{os.getpid()}, returned n={run.n!r}, pid={run.pid!r}, thread={run.thread!r}; expected "
        f"12345, os.getpid() and threading.current_thread().name")
    assert t0 <= run.start <= seen["start"] and seen["end"] <= run.end <= t1, (
        f"timed_countdown's start and end ({run.start!r}, {run.end!r}) do not enclose the "
        f"countdown it timed: take time.perf_counter() just before and just after "
        f"countdown(n)")
    assert seen["cpu"] - 0.002 <= run.cpu <= seen["cpu"] + CPU_SLACK, (
        f"timed_countdown reported cpu = {run.cpu * 1000:.0f} ms, but the countdown it timed "
        f"used {seen['cpu'] * 1000:.0f} ms of CPU in its thread (it computed for 40 ms, then "
        f"slept 40 ms, while another thread of the process was busy computing). "
        + ("That is more than this thread used: time.process_time() counts the CPU of every "
           "thread in the process, and a wall clock counts the sleep. "
           if run.cpu > seen["cpu"] else "")
        + "Use time.thread_time(), which counts only the calling thread's CPU")


# --- threads ---------------------------------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.timeout(15)
def test_threads_run_at_the_same_time(exercise, use_countdown):
    gate = Gate(2, GATE_TIMEOUT)
    countdown = use_countdown(gate=gate, sleep=0.02)
    c = call(exercise, "in_threads", N)
    ev = countdown.evidence()
    shown = f"in_threads({N})"
    assert not ev.worker_pids, (
        f"{shown}: {picture(ev, c.caller)}\nin_threads must use two threads of this process, "
        f"not processes")
    threads = {id(t) for t in countdown.threads if t.name != c.caller}
    assert len(ev.records) == 2 and len(threads) == 2 and gate.opened, (
        f"{shown}: {picture(ev, c.caller)}\nExpected countdown twice, in two new threads "
        f"running at the same time (each call waited up to {GATE_TIMEOUT:g} s for the other). "
        f"Start both threads before waiting for either")
    ns = sorted(r.x for r in ev.records)
    assert ns == [N // 2, N - N // 2], halves_message(shown, ns)


@pytest.mark.points(2)
@pytest.mark.timeout(15)
def test_thread_report_matches_what_ran(exercise, use_countdown):
    countdown = use_countdown(gate=Gate(2, GATE_TIMEOUT), cpu=0.03)
    c = call(exercise, "in_threads", N)
    ev = countdown.evidence()
    shown = f"in_threads({N})"
    runs = runs_of(c.value, shown)
    check_report(shown, c, runs, ev, key=lambda r: (os.getpid(), r.thread))


def check_report(shown, c, runs, ev, key):
    """The runs and wall time of a report agree with the grader's records."""
    observed = {(r.pid, r.thread): r for r in ev.records}
    assert len(runs) == 2 and {key(r) for r in runs} == set(observed), (
        f"{shown} reported runs in {sorted(key(r) for r in runs)} (pid, thread); the grader "
        f"saw countdown run in {sorted(observed)}: return the Run of each worker, as "
        f"timed_countdown made it there")
    for run in runs:
        seen = observed[key(run)]
        assert run.n == seen.x, (
            f"{shown} reported n={run.n} for the run in {key(run)}, which counted down "
            f"{seen.x}")
        assert seen.cpu - 0.002 <= run.cpu <= seen.cpu + CPU_SLACK, (
            f"{shown} reported cpu = {run.cpu * 1000:.0f} ms for the run in {key(run)}; its "
            f"thread used {seen.cpu * 1000:.0f} ms of CPU. Measure with time.thread_time() in "
            f"the worker (process_time() counts every thread of the process)")
    span = max(r.end for r in ev.records) - min(r.start for r in ev.records)
    call_wall = c.end - c.start
    assert span - 0.001 <= c.value.wall <= call_wall + 0.001, (
        f"{shown} reported wall = {c.value.wall * 1000:.0f} ms; the countdowns ran for "
        f"{span * 1000:.0f} ms and the whole call took {call_wall * 1000:.0f} ms. wall is "
        f"time.perf_counter() after the last result minus before the first worker started")


@pytest.mark.points(1)
@pytest.mark.timing
@pytest.mark.timeout(15)
def test_threads_share_one_gil(exercise, use_countdown):
    """Two halves of 50 ms CPU each in two threads: under the GIL, one core at most."""
    countdown = use_countdown(gate=Gate(2, GATE_TIMEOUT), cpu=0.05)
    c = call(exercise, "in_threads", N)
    ev = countdown.evidence()
    threads = {r.thread for r in ev.records if r.pid == ev.parent and r.thread != c.caller}
    assert len(ev.records) == 2 and len(threads) == 2, (
        f"in_threads({N}): {picture(ev, c.caller)}\nExpected the halves in two threads of "
        f"this process")
    problem = threads_verdict(ev.cpu_ratio, chaos.gil_enabled())
    assert problem is None, f"{problem}:\n{render(ev.intervals)}"


def threads_verdict(ratio, gil):
    """None if ``ratio`` (Σ thread CPU ÷ wall of two threads) is possible here, else why not."""
    if not gil:
        return None   # free-threaded build: threads may really run in parallel
    if ratio <= GIL_MAX_RATIO:
        return None
    return (f"the two threads used {ratio:.2f} CPU-seconds per second of wall time, more "
            f"than one core's worth, which threads of one process cannot do with the GIL: "
            f"in_threads must run its halves in threads of the calling process")


# --- processes -------------------------------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.timeout(15)
def test_processes_run_at_the_same_time(exercise, use_countdown):
    countdown = use_countdown(meet=2, meet_timeout=MEET_TIMEOUT, sleep=0.02)
    c = call(exercise, "in_processes", N)
    ev = countdown.evidence()
    shown = f"in_processes({N})"
    assert len(ev.records) == 2 and len(ev.worker_pids) == 2 and not countdown.log.gave_up(), (
        f"{shown}: {picture(ev, c.caller)}\nExpected countdown twice, in two worker processes "
        f"running at the same time (each call waited up to {MEET_TIMEOUT:g} s for a call in a "
        f"second process). Threads share the process and its GIL")
    ns = sorted(r.x for r in ev.records)
    assert ns == [N // 2, N - N // 2], halves_message(shown, ns)


@pytest.mark.points(1)
@pytest.mark.timeout(15)
def test_process_report_matches_what_ran(exercise, use_countdown):
    countdown = use_countdown(meet=2, meet_timeout=MEET_TIMEOUT, cpu=0.03)
    c = call(exercise, "in_processes", N)
    ev = countdown.evidence()
    shown = f"in_processes({N})"
    runs = runs_of(c.value, shown)
    check_report(shown, c, runs, ev, key=lambda r: (r.pid, r.thread))


@pytest.mark.points(1)
@pytest.mark.timeout(30)
def test_in_processes_under_every_start_method(exercise):
    old = multiprocessing.get_start_method(allow_none=True)
    try:
        for method in METHODS:
            if method not in multiprocessing.get_all_start_methods():
                continue
            multiprocessing.set_start_method(method, force=True)
            shown = f"in_processes({N}) with the {method!r} start method"
            try:
                c = call(exercise, "in_processes", N, what=shown)
            except Exception as exc:  # noqa: BLE001 - explained, then the test fails
                if "pickle" not in str(exc).lower() and not isinstance(exc, AttributeError):
                    raise
                pytest.fail(f"{shown} failed with {type(exc).__name__}: {exc}\nUnder 'spawn' "
                            f"and 'forkserver' the function a worker runs is pickled, which "
                            f"stores only its module and name: send the module-level "
                            f"`timed_countdown` (or another module-level function), not a "
                            f"lambda or a nested function", pytrace=False)
            runs = runs_of(c.value, shown)
            # Real, short countdowns: one worker may well do both halves here.
            # That both run at once is checked with the grader's countdown.
            pids = [r.pid for r in runs]
            assert len(runs) == 2 and os.getpid() not in pids, (
                f"{shown} reported runs in pids {pids}; expected two runs in worker "
                f"processes (this is pid {os.getpid()})")
            ns = sorted(r.n for r in runs)
            assert ns == [N // 2, N - N // 2], halves_message(shown, ns)
    finally:
        multiprocessing.set_start_method(old, force=True)


@pytest.mark.points(1)
@pytest.mark.timeout(15)
def test_no_worker_process_left(exercise, use_countdown):
    # Each worker stays alive 0.3 s after its countdown (a lingering thread):
    # only code that waits for its processes to exit waits for that.
    countdown = use_countdown(meet=2, meet_timeout=MEET_TIMEOUT, linger=0.3)
    call(exercise, "in_processes", N)
    ev = countdown.evidence()
    left = sorted(pid for pid in ev.worker_pids if reap.alive(pid))
    assert not left, (
        f"in_processes({N}) returned while {len(left)} worker process(es) were still running "
        f"(pid {', '.join(map(str, left))}): join() the processes after reading their results "
        f"(or shut the pool down: `with ProcessPoolExecutor(...)` does it)")


@pytest.mark.points(2)
@pytest.mark.timing
@pytest.mark.timeout(40)
def test_processes_use_two_cores(exercise, use_countdown):
    """Two halves of 60 ms CPU each: two processes must keep two cores busy."""
    if reason := speedup.skip_reason(2):
        pytest.skip(reason)

    def run():
        countdown = use_countdown(cpu=0.06)
        call(exercise, "in_processes", N)
        return countdown.evidence()

    verdict = speedup.judge_parallel(run, workers=2, serial=lambda: (spin(0.06), spin(0.06)))
    if verdict.status == "skip":
        pytest.skip(verdict.message)
    assert verdict.status == "pass", (
        f"{verdict.message}\nExpected: the two CPU-bound halves in two worker processes at "
        f"the same time, each with its own interpreter and GIL: close to 2 CPU-seconds per "
        f"second, where two threads stay at 1")

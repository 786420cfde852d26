"""Hidden grader for lock_race: a bank balance shared by threads.

What is graded, and how it is observed rather than hoped for:

- no lost update: ``run_bank`` runs in a fresh process with thread switches
  forced at random bytecodes of the student's file (:mod:`conclab.chaos`);
  CPython 3.10+ would otherwise almost never interrupt ``balance = balance
  + n`` and a bank with no lock would pass.  Several rounds, exact results.
- threads at the same time: ``run_thread`` is wrapped so every thread waits
  on a barrier for the others before working.  Overlap of the threads'
  lifetimes is checked (not of critical sections: holding the lock for the
  whole loop is a correct answer to the race).
- one thread per amount, all joined before returning, the right return
  value, ``balance`` reset, ``change_it`` depositing then withdrawing.

Concurrency:
    In-process calls of the student's code run on a helper thread with a
    deadline (:func:`conclab.interleave.call_with_timeout`).  Once a call gets
    stuck, its threads still hold the module's lock, so the later in-process
    tests fail at once saying so, instead of each waiting for its deadline.
"""
import os
import threading
import time

import pytest

from conclab import chaos
from conclab.interleave import Gate, StillRunning, call_with_timeout
from conclab.timeline import Interval, max_concurrency, render

AMOUNTS = [5, 8]         # the seed's two depositors
TIMES = 500              # per thread and round: ~97% of racy rounds lose an update
ROUNDS = 4               # exact 0 needed in each; a racy file slips through ~1e-6
CHAOS_TIMEOUT = 5.0      # seconds for all rounds; a correct file needs ~0.3-0.6 s
CALL_TIMEOUT = 3.0       # seconds for one in-process call (correct: a few ms; a serial
                         # one that waits out the barrier: BARRIER_TIMEOUT + a bit)
BARRIER_TIMEOUT = 1.0    # how long a thread waits for the others to have started

_stuck: dict = {}        # submission file -> the test in which its code never returned


def call(exercise, func, *args, what: str, name: str | None = None):
    """``func(*args)`` with a deadline; a hang fails the test with a lesson."""
    if exercise.path in _stuck:
        pytest.fail(f"not run: your code got stuck in {_stuck[exercise.path]} and its threads "
                    f"still hold the lock; fix that first", pytrace=False)
    try:
        return call_with_timeout(func, *args, timeout=CALL_TIMEOUT, name=name)
    except StillRunning:
        _stuck[exercise.path] = _current_test()
        pytest.fail(f"{what} did not return within {CALL_TIMEOUT:g} s: its threads are stuck. "
                    f"A thread waiting for a lock that is never released waits forever: release "
                    f"every acquire (`with lock:` does it for you) and never acquire a plain "
                    f"Lock again while you already hold it.", pytrace=False)


def _current_test() -> str:
    return os.environ.get("PYTEST_CURRENT_TEST", "an earlier test").split("::")[-1].split(" ")[0]


class Observed:
    """Wraps the module's ``run_thread``: who ran it, when, with what."""

    def __init__(self, original, parties: int = 0, linger: float = 0.0):
        self.original = original
        self.gate = Gate(parties, timeout=BARRIER_TIMEOUT) if parties else None
        self.linger = linger  # extra seconds inside run_thread, so an unjoined thread is seen
        self.calls = []       # (thread, n, times)
        self.intervals = []
        self.finished = 0
        self.broken = False
        self._lock = threading.Lock()

    def __call__(self, n, times):
        me = threading.current_thread()
        with self._lock:
            self.calls.append((me, n, times))
        start = time.perf_counter()
        if self.gate is not None and not self.gate.wait():  # everyone else has started too
            self.broken = True
        try:
            return self.original(n, times)
        finally:
            time.sleep(self.linger)
            with self._lock:
                self.intervals.append(Interval(me.name, start, time.perf_counter(), f"n={n}"))
                self.finished += 1


def observe_run_bank(exercise, monkeypatch, amounts, times, **kw):
    """Run ``run_bank`` with ``run_thread`` observed: (value, observed, caller thread)."""
    observed = Observed(exercise.run_thread, **kw)
    monkeypatch.setattr(exercise.module, "run_thread", observed)
    caller = []

    def go():
        caller.append(threading.current_thread())
        return exercise.run_bank(amounts, times)

    value = call(exercise, go, what=f"run_bank({amounts}, {times})", name="caller of run_bank")
    return value, observed, caller[0]


def _join_all(observed, seconds=2.0):
    deadline = time.monotonic() + seconds
    for thread, _, _ in observed.calls:
        if thread is not threading.current_thread():
            thread.join(max(0.0, deadline - time.monotonic()))


# --- the race ----------------------------------------------------------------

@pytest.mark.points(4)
@pytest.mark.timeout(CHAOS_TIMEOUT + 5)
def test_no_lost_updates(exercise):
    shown = f"run_bank({AMOUNTS}, {TIMES})"
    result = chaos.run(exercise.path, "run_bank", [AMOUNTS, TIMES], rounds=ROUNDS, seed=1,
                       timeout=CHAOS_TIMEOUT, module=exercise.slug)
    problem = result.failure(shown, CHAOS_TIMEOUT)
    if problem:
        pytest.fail(problem, pytrace=False)
    assert all(type(v) is int for v in result.values), (
        f"{shown} returned {result.values[0]!r}: it must return the final balance, an int")
    assert result.switches > 0 or not result.gil, (
        "the grader could not force thread switches in your file (is a debugger or coverage "
        "tool tracing it?); run the grader again without it")
    lost = [v for v in result.values if v != 0]
    assert not lost, (
        f"with forced thread switches the balance ended at "
        f"{', '.join(map(str, result.values))} in {len(result.values)} rounds of {shown} "
        f"(it must be 0 every time): an update was lost between reading and writing `balance` "
        f"- one thread read it, another changed it, and the first wrote back a value computed "
        f"from the old one.  Hold the module's `lock` (one lock shared by all threads) around "
        f"both updates: `with lock:` in change_it.")


# --- threads -------------------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.timeout(10)
def test_threads_run_at_the_same_time(exercise, monkeypatch):
    amounts = [3, 5, 7]
    _, observed, caller = observe_run_bank(exercise, monkeypatch, amounts, 20,
                                           parties=len(amounts))
    _join_all(observed)
    overlap = max_concurrency(observed.intervals)
    threads = {id(t) for t, _, _ in observed.calls if t is not caller}
    how = (f"started {len(threads)} thread(s) for {len(amounts)} amounts"
           if len(threads) < len(amounts) else "ran its threads one after another")
    assert not observed.broken and overlap == len(amounts), (
        f"run_bank({amounts}, 20) {how}: at most {overlap} run_thread call(s) were running "
        f"at once, while each waited up to {BARRIER_TIMEOUT:g} s for the others to start.  "
        f"Start one thread per amount, start them all, and only then join them.  "
        f"What ran when:\n{render(observed.intervals)}")


@pytest.mark.points(1)
@pytest.mark.timeout(10)
def test_one_thread_per_amount(exercise, monkeypatch):
    amounts = [3, 5, 7]
    # Every call waits at the barrier until all have started, so a thread pool
    # with one worker per amount cannot hand a second amount to a worker that
    # happens to be done already (a 20 ms linger was not enough under load).
    _, observed, caller = observe_run_bank(exercise, monkeypatch, amounts, 2,
                                           parties=len(amounts))
    _join_all(observed)
    shown = f"run_bank({amounts}, 2)"
    assert observed.calls, (
        f"{shown} never called run_thread: start one threading.Thread(target=run_thread, "
        f"args=(amount, times)) per amount")
    in_caller = [n for t, n, _ in observed.calls if t is caller]
    assert not in_caller, (
        f"{shown} called run_thread({in_caller[0]}, 2) itself, in the thread that called "
        f"run_bank: start a new threading.Thread for each amount instead")
    got = sorted((n, k) for _, n, k in observed.calls)
    assert got == sorted((a, 2) for a in amounts), (
        f"{shown} called run_thread with {got} (amount, times); expected each amount once, "
        f"with times=2")
    threads = {id(t) for t, _, _ in observed.calls}
    assert len(threads) == len(amounts), (
        f"{shown} ran its {len(amounts)} run_thread calls in {len(threads)} thread(s): each "
        f"amount needs a thread of its own")


@pytest.mark.points(1)
@pytest.mark.timeout(10)
def test_no_thread_left_running(exercise, monkeypatch):
    amounts = [5, 8]
    _, observed, _ = observe_run_bank(exercise, monkeypatch, amounts, 10, linger=0.05)
    running = [t.name for t, _, _ in observed.calls if t.is_alive()]
    unfinished = len(observed.calls) - observed.finished
    _join_all(observed)
    assert not running and unfinished == 0, (
        f"run_bank({amounts}, 10) returned while {max(len(running), unfinished)} of its "
        f"threads were still running: join every thread before returning, or the balance it "
        f"returns is not final yet")


# --- the balance ----------------------------------------------------------------

@pytest.mark.points(1)
@pytest.mark.timeout(10)
def test_returns_zero(exercise):
    value = call(exercise, exercise.run_bank, AMOUNTS, 1000, what=f"run_bank({AMOUNTS}, 1000)")
    assert value == 0 and type(value) is int, (
        f"run_bank({AMOUNTS}, 1000) returned {value!r}: every deposit is withdrawn again, "
        f"so it must return the final balance, 0")


@pytest.mark.points(1)
@pytest.mark.timeout(10)
def test_returns_final_balance(exercise, monkeypatch):
    # A change_it that only deposits: the right answer is no longer 0, so a
    # run_bank that returns a constant (or a stale value) shows.
    module = exercise.module
    own_lock = threading.Lock()

    def deposit_only(n):
        with own_lock:
            module.balance = module.balance + n

    monkeypatch.setattr(module, "change_it", deposit_only)
    value = call(exercise, exercise.run_bank, [3, 4], 10, what="run_bank([3, 4], 10)")
    assert value == 70 and module.balance == 70, (
        f"with a change_it that only deposits, run_bank([3, 4], 10) returned {value!r} and the "
        f"global balance was {module.balance!r}; both should be 70.  Return the global "
        f"`balance` after joining the threads, not a value you expect")


@pytest.mark.points(1)
@pytest.mark.timeout(10)
def test_resets_balance(exercise, monkeypatch):
    monkeypatch.setattr(exercise.module, "balance", 1000)
    value = call(exercise, exercise.run_bank, AMOUNTS, 10, what=f"run_bank({AMOUNTS}, 10)")
    after = exercise.module.balance
    assert value == 0 and after == 0, (
        f"balance was 1000 before run_bank({AMOUNTS}, 10); it returned {value!r} and left the "
        f"global balance at {after!r}.  run_bank must set the module's balance to 0 first "
        f"(with `global balance` in run_bank, or the assignment creates a local variable)")


class Recorder(int):
    """An int that logs the additions and subtractions made to it."""

    def __new__(cls, value, log):
        self = super().__new__(cls, value)
        self.log = log
        return self

    def __add__(self, other):
        self.log.append(("deposit", other))
        return Recorder(int(self) + other, self.log)

    __radd__ = __add__

    def __sub__(self, other):
        self.log.append(("withdraw", other))
        return Recorder(int(self) - other, self.log)


@pytest.mark.points(1)
@pytest.mark.timeout(10)
def test_change_it_deposits_then_withdraws(exercise, monkeypatch):
    log = []
    monkeypatch.setattr(exercise.module, "balance", Recorder(7, log))
    call(exercise, exercise.change_it, 5, what="change_it(5)")
    after = exercise.module.balance
    assert log == [("deposit", 5), ("withdraw", 5)], (
        f"change_it(5) on a balance of 7 made {log or 'no changes'}: it must deposit 5 "
        f"(`balance = balance + n`) and then withdraw 5 (`balance = balance - n`)")
    assert after == 7, f"change_it(5) changed balance from 7 to {after!r}: it must leave it at 7"

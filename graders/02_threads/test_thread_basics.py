"""Hidden grader for thread_basics: named threads that sleep at the same time.

What is graded, and how it is observed rather than hoped for:

- ``run_in_thread(func, name)``: the grader's ``func`` records the thread
  that runs it: a new thread (not the caller's, not the main thread) named
  ``name``; its value comes back; the call returns only after ``func`` has
  ended (``func`` sleeps, so a call that does not wait is caught).
- ``run_loops(loops)``: the module's ``loop`` is replaced by the grader's,
  which records which thread ran each loop and when, and returns a token:
  the results must come back in the order of the loops (the first loop is
  the slowest, so finishing order differs); one thread per loop, named
  ``LoopThread-<i>``; every loop waits at a gate until all of them are
  running, so threads started and joined one at a time are caught every
  time; every loop has ended when ``run_loops`` returns.
- no busy-waiting: the grader measures the CPU time of the thread that
  calls the student's function (``time.thread_time``) while the loops sleep.
  ``join()`` uses almost none; a ``while ...: pass`` loop uses a core.
- (timing) the loops take about as long as the longest, not the sum.

Concurrency:
    Each call runs on a helper thread with a deadline
    (:func:`conclab.interleave.call_with_timeout`): a submission that never
    returns fails one test, not the run.
"""
import threading
import time

import pytest

from conclab.interleave import Gate, StillRunning, call_with_timeout
from conclab.timeline import Interval, max_concurrency, render

CALL_TIMEOUT = 3.0   # s; correct calls take < 0.5 s, a serial run waits out one gate
GATE_TIMEOUT = 1.0   # s; started threads reach the gate within ms, even on a busy machine
# Busy-waiting is reported when the caller's thread used more CPU than this
# share of the wall time, and more than BUSY_MIN_CPU.  Measured: a `while
# t.is_alive(): pass` loop uses 0.9-1.0 CPU-s per s alone and > 0.3 beside
# two CPU hogs; join() uses < 0.005 s in all.
BUSY_SHARE = 0.15
BUSY_MIN_CPU = 0.03


class Loop:
    """The grader's ``loop(nloop, nsec)``: records who ran it and when.

    Args:
        gate: every call waits there first (forces the loops to overlap).
        scale: multiplies the seconds slept.
    """

    def __init__(self, gate=None, scale=1.0):
        self.gate = gate
        self.scale = scale
        self.intervals = []    # Interval per finished loop, worker = thread name
        self.calls = []        # (nloop, nsec, thread)
        self.ended = {}        # nloop -> time.perf_counter() at its end
        self._lock = threading.Lock()

    def __call__(self, nloop, nsec):
        me = this_thread()
        with self._lock:
            self.calls.append((nloop, nsec, me))
        start = time.perf_counter()
        if self.gate is not None:
            self.gate.wait()
        time.sleep(nsec * self.scale)
        end = time.perf_counter()
        with self._lock:
            self.ended[nloop] = end
            self.intervals.append(Interval(me.name, start, end, f"loop {nloop}"))
        return token(nloop)

    def threads(self):
        return [t for _, _, t in self.calls]

    def join(self, seconds=2.0):
        """Wait (bounded) for the threads that ran loops: don't leave them to the next test."""
        deadline = time.monotonic() + seconds
        for thread in self.threads():
            if thread is not threading.current_thread():
                thread.join(max(0.0, deadline - time.monotonic()))


class BareThread:
    """Stands for a thread started with ``_thread`` (no ``threading.Thread`` object).

    ``threading.current_thread()`` would register a dummy Thread for it, which
    can never be joined: the test plugin's clean-up would then fail.
    """

    def __init__(self, ident):
        self.ident = ident
        self.name = "<a bare _thread thread: no name, no join()>"

    def is_alive(self):
        return False   # unknown; the loops' end times tell instead

    def join(self, timeout=None):
        pass


def this_thread():
    """The running thread's ``threading.Thread``, or a :class:`BareThread`."""
    ident = threading.get_ident()
    thread = threading._active.get(ident)
    if thread is None or isinstance(thread, getattr(threading, "_DummyThread", ())):
        return BareThread(ident)
    return thread


def token(nloop):
    return f"result of loop {nloop}"


class Call:
    """The outcome of one observed call: value, caller thread, times, caller's CPU."""

    def __init__(self, value, caller, start, end, cpu):
        self.value, self.caller, self.start, self.end, self.cpu = value, caller, start, end, cpu

    @property
    def wall(self):
        return self.end - self.start


def observe(fn, *args, what):
    """``fn(*args)`` on a helper thread with a deadline, measuring that thread's CPU."""
    def measured():
        caller = threading.current_thread()
        start, cpu0 = time.perf_counter(), time.thread_time()
        value = fn(*args)
        end, cpu = time.perf_counter(), time.thread_time() - cpu0
        # A copy of a returned list: threads left running could still fill it in.
        return Call(list(value) if isinstance(value, list) else value, caller, start, end, cpu)

    try:
        return call_with_timeout(measured, timeout=CALL_TIMEOUT, name=what)
    except StillRunning:
        pytest.fail(f"{what} did not return within {CALL_TIMEOUT:g} s. It must wait for its "
                    f"threads with join(), and each thread must end: is a thread waiting "
                    f"for something that never happens?", pytrace=False)


def use_loop(exercise, monkeypatch, **options):
    loop = Loop(**options)
    # run_loops looks `loop` up as a module global when its threads run.
    monkeypatch.setattr(exercise.module, "loop", loop)
    return loop


# --- run_in_thread ----------------------------------------------------------------

@pytest.mark.points(1)
@pytest.mark.timeout(10)
def test_run_in_thread_returns_the_value(exercise):
    value = {"answer": 42}
    got = observe(exercise.run_in_thread, lambda: value, "grader-worker",
                  what="run_in_thread(func, 'grader-worker')").value
    assert got is value, (
        f"run_in_thread(func, 'grader-worker') returned {got!r}; expected exactly the object "
        f"func() returned ({value!r}). A thread's target cannot return a value to you: have it "
        f"store the value (e.g. append it to a list) and read that after join()")


@pytest.mark.points(2)
@pytest.mark.timeout(10)
def test_run_in_thread_uses_a_new_named_thread(exercise):
    seen = []

    def func():
        seen.append(this_thread())
        return "done"

    call = observe(exercise.run_in_thread, func, "grader-thread-7",
                   what="run_in_thread(func, 'grader-thread-7')")
    assert len(seen) == 1, f"run_in_thread called func {len(seen)} times; expected once"
    [thread] = seen
    assert thread is not call.caller and thread is not threading.main_thread(), (
        f"func ran in the thread that called run_in_thread ({thread.name!r}), not in a new "
        f"thread: create a threading.Thread(target=..., name=name), start() it and join() it "
        f"(calling thread.run() runs the target in the caller, like a plain call)")
    assert call.caller.name.startswith("conclab-call"), (
        f"run_in_thread renamed the thread that called it to {call.caller.name!r}: give the name "
        f"to the new thread instead, threading.Thread(..., name=name)")
    assert thread.name == "grader-thread-7", (
        f"func ran in a thread named {thread.name!r}; expected 'grader-thread-7', the name "
        f"passed in: threading.Thread(target=..., name=name)")


@pytest.mark.points(1)
@pytest.mark.timeout(10)
def test_run_in_thread_waits_for_the_thread(exercise):
    seen, ended = [], []

    def func():
        seen.append(this_thread())
        time.sleep(0.1)
        ended.append(time.perf_counter())
        return "done"

    call = observe(exercise.run_in_thread, func, "grader-sleeper",
                   what="run_in_thread(func, 'grader-sleeper')")
    running = [t.name for t in seen if t.is_alive() and t is not call.caller]
    finished_first = bool(ended) and ended[0] <= call.end
    for t in seen:
        if t is not call.caller:
            t.join(1.0)
    assert finished_first and not running, (
        f"run_in_thread returned after {call.wall * 1000:.0f} ms while func (which sleeps "
        f"100 ms) was still running: join() the thread before returning, then return what "
        f"func returned")
    assert call.value == "done", f"run_in_thread returned {call.value!r}; expected 'done'"


# --- run_loops --------------------------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.timeout(10)
def test_run_loops_results_in_order(exercise, monkeypatch):
    loops = [0.15, 0.05, 0.1]
    loop = use_loop(exercise, monkeypatch)
    call = observe(exercise.run_loops, loops, what=f"run_loops({loops})")
    loop.join()
    expected = [token(i) for i in range(len(loops))]
    finished = sorted(loop.ended, key=loop.ended.get)
    assert call.value == expected, (
        f"run_loops({loops}) returned {call.value!r}; expected {expected!r}: what loop(i, "
        f"loops[i]) returned, in the order of i (loop was replaced by the grader's). The loops "
        f"finished in the order {finished}: store each result at its index (results[i] = ...), "
        f"don't append in finishing order, and join every thread before returning")
    empty = observe(exercise.run_loops, [], what="run_loops([])").value
    assert empty == [], f"run_loops([]) returned {empty!r}; expected [] (no loops, no results)"


@pytest.mark.points(2)
@pytest.mark.timeout(10)
def test_run_loops_one_named_thread_per_loop(exercise, monkeypatch):
    loops = [0.02, 0.02, 0.02]
    loop = use_loop(exercise, monkeypatch, gate=Gate(len(loops), GATE_TIMEOUT))
    call = observe(exercise.run_loops, loops, what=f"run_loops({loops})")
    loop.join()
    got = sorted((n, s) for n, s, _ in loop.calls)
    assert got == [(i, s) for i, s in enumerate(loops)], (
        f"run_loops({loops}) called loop with {got} (nloop, nsec); expected each "
        f"(i, loops[i]) once")
    in_caller = [n for n, _, t in loop.calls if t is call.caller]
    assert not in_caller, (
        f"loop({in_caller[0]}, ...) ran in the thread that called run_loops, not in a thread of "
        f"its own: create a threading.Thread per loop and start() it (thread.run() runs the "
        f"target in the caller)")
    assert len({id(t) for t in loop.threads()}) == len(loops), (
        f"the {len(loops)} loops ran in {len({id(t) for t in loop.threads()})} thread(s): each "
        f"loop needs a thread of its own")
    names = {n: t.name for n, _, t in loop.calls}
    wrong = {n: name for n, name in names.items() if name != f"LoopThread-{n}"}
    assert not wrong, (
        f"the loops ran in threads named {[names[n] for n in sorted(names)]}; expected "
        f"{[f'LoopThread-{n}' for n in sorted(names)]}: "
        f"threading.Thread(target=..., args=..., name=f'LoopThread-{{i}}')")


@pytest.mark.points(3)
@pytest.mark.timeout(10)
def test_run_loops_threads_run_at_the_same_time(exercise, monkeypatch):
    loops = [0.05, 0.05, 0.05]
    gate = Gate(len(loops), GATE_TIMEOUT)
    loop = use_loop(exercise, monkeypatch, gate=gate)
    observe(exercise.run_loops, loops, what=f"run_loops({loops})")
    loop.join()
    overlap = max_concurrency(loop.intervals)
    assert gate.opened, (
        f"run_loops({loops}) ran at most {overlap} of its {len(loops)} loops at the same time: "
        f"each loop waited up to {GATE_TIMEOUT:g} s for the others to be running, in vain. "
        f"What ran when:\n{render(loop.intervals)}\n"
        f"Start every thread first, and only then join them: a start() followed at once by "
        f"its join() runs the loops one after another")


@pytest.mark.points(1)
@pytest.mark.timeout(10)
def test_run_loops_waits_for_every_loop(exercise, monkeypatch):
    loops = [0.1, 0.05]
    loop = use_loop(exercise, monkeypatch)
    call = observe(exercise.run_loops, loops, what=f"run_loops({loops})")
    late = sorted(n for n, end in loop.ended.items() if end > call.end)
    unfinished = sorted(n for n, _, _ in loop.calls if n not in loop.ended)
    running = [t.name for t in loop.threads() if t.is_alive() and t is not call.caller]
    loop.join()
    assert not (late or unfinished or running), (
        f"run_loops({loops}) returned after {call.wall * 1000:.0f} ms, while loop(s) "
        f"{sorted(set(late + unfinished))} were still sleeping in thread(s) {running}. "
        f"join() every thread before returning: a daemon thread that is not joined is simply "
        f"abandoned (and killed when the program ends)")


@pytest.mark.points(2)
@pytest.mark.timeout(15)
def test_waiting_uses_no_cpu(exercise, monkeypatch):
    loops = [0.3, 0.2]
    loop = use_loop(exercise, monkeypatch)
    calls = {f"run_loops({loops})": observe(exercise.run_loops, loops, what="run_loops")}
    loop.join()

    def sleeper():
        time.sleep(0.3)
        return "done"

    calls["run_in_thread(<sleeps 0.3 s>, 'w')"] = observe(exercise.run_in_thread, sleeper, "w",
                                                          what="run_in_thread")
    busy = {what: c for what, c in calls.items()
            if c.cpu > BUSY_MIN_CPU and c.cpu > BUSY_SHARE * c.wall}
    assert not busy, "; ".join(
        f"while {what} waited {c.wall * 1000:.0f} ms for sleeping threads, the thread that "
        f"called it used {c.cpu * 1000:.0f} ms of CPU" for what, c in busy.items()) + (
        ". Waiting for a thread must not keep a core busy: a loop like `while t.is_alive(): "
        "pass` or the seed's `while lock.locked(): pass` asks millions of times a second. "
        "`t.join()` blocks until the thread ends and uses no CPU meanwhile")


@pytest.mark.points(1)
@pytest.mark.timing
@pytest.mark.timeout(15)
def test_total_time_is_the_longest_loop(exercise, monkeypatch):
    loops = [0.2, 0.1, 0.15]
    limit = max(loops) + 0.1        # one after another: 0.45 s
    walls = []
    for _ in range(2):              # best of 2: a busy moment should not fail correct code
        loop = use_loop(exercise, monkeypatch)
        call = observe(exercise.run_loops, loops, what=f"run_loops({loops})")
        loop.join()
        walls.append(call.wall)
        if call.wall <= limit:
            return
    pytest.fail(f"run_loops({loops}) took {min(walls):.2f} s (best of {len(walls)}); with the "
                f"loops sleeping at the same time it takes about {max(loops):g} s, the longest "
                f"sleep (one after another: {sum(loops):g} s). What ran when:\n"
                f"{render(loop.intervals)}", pytrace=False)

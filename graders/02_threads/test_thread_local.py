"""Hidden grader for thread_local.

Each test checks one thing, and forces the interleaving it needs:
- a grader-named thread (and the main thread) shows whether the greeting
  asks the running thread for its name;
- a gate in a wrapped ``process_student`` makes every thread bind its
  student before any thread reads one, which is when a shared global or a
  plain object gives the wrong student;
- a stand-in ``process_thread`` shows how ``greet_all`` runs its threads,
  independently of the student's own ``process_thread``.
Threads are joined with timeouts, so a hung submission fails one test.
"""
import threading

import pytest

from conclab.interleave import Gate, Recorder, call_with_timeout, run_threads
from conclab.timeline import max_concurrency, render

GATE_TIMEOUT = 1.0    # s; threads reach a gate within ms, even on a busy machine
CALL_TIMEOUT = 3.0    # s; for greet_all and the grader's own threads


def greeting(name, thread):
    return f"Hello, {name} (in {thread})"


@pytest.mark.points(1)
@pytest.mark.timeout(6)
def test_seed_example(exercise):
    got = call_with_timeout(exercise.greet_all, ["Alice", "Bob"], timeout=CALL_TIMEOUT)
    expected = {"Alice": greeting("Alice", "Thread-Alice"), "Bob": greeting("Bob", "Thread-Bob")}
    assert got == expected, (f"greet_all(['Alice', 'Bob']) returned {got!r}, "
                             f"expected {expected!r}")


@pytest.mark.points(2)
@pytest.mark.timeout(6)
def test_greeting_names_the_real_thread(exercise):
    [res] = run_threads(exercise.process_thread, [("Alice",)], ["grader-thread-7"], CALL_TIMEOUT)
    assert res.finished, "process_thread('Alice') did not return within 3 s"
    if res.error is not None:
        raise res.error
    assert res.value == greeting("Alice", "grader-thread-7"), (
        f"process_thread('Alice'), called in a thread named 'grader-thread-7', returned "
        f"{res.value!r}; expected {greeting('Alice', 'grader-thread-7')!r}. The greeting must "
        f"name the thread that runs it: threading.current_thread().name")
    main = exercise.process_thread("Bob")
    assert main == greeting("Bob", "MainThread"), (
        f"process_thread('Bob'), called in the main thread, returned {main!r}; expected "
        f"{greeting('Bob', 'MainThread')!r}. Ask the running thread for its name, do not "
        f"build the name from the student's")


@pytest.mark.points(3)
@pytest.mark.timeout(6)
def test_each_thread_sees_its_own_student(exercise, monkeypatch):
    names = ["Alice", "Bob", "Carol", "Dave"]
    gate = Gate(len(names), GATE_TIMEOUT)
    original = exercise.module.process_student

    def process_student_after_all_bound():
        gate.wait()   # every thread has bound its student before anyone reads
        return original()

    monkeypatch.setattr(exercise.module, "process_student", process_student_after_all_bound)
    # All threads share one name: code that tells threads apart by their
    # name (a dict keyed by thread name) cannot pass.
    results = run_threads(exercise.process_thread, [(n,) for n in names],
                          ["grader"] * len(names), CALL_TIMEOUT)
    for res in results:
        if isinstance(res.error, NotImplementedError):
            raise res.error
    wrong = []
    for name, res in zip(names, results):
        if not res.finished:
            wrong.append(f"process_thread({name!r}) did not return")
        elif res.error is not None:
            wrong.append(f"process_thread({name!r}) raised {type(res.error).__name__}: {res.error}")
        elif not (isinstance(res.value, str) and res.value.startswith(f"Hello, {name} (in ")):
            # Only the student is checked here; the thread's name has its own test.
            wrong.append(f"process_thread({name!r}) returned {res.value!r}")
    assert not wrong, (
        f"{len(names)} threads each bound their own student, then all read at once: "
        + "; ".join(wrong) + f". Expected e.g. {greeting('Alice', 'grader')!r}. Each thread "
        f"must see the student it bound itself: store it as an attribute of the "
        f"threading.local() object `local_school`, not in a global, a plain object or a dict")
    assert gate.opened, ("process_thread() never called process_student() in every thread: "
                         "process_thread(name) must bind the student and then return "
                         "process_student()")
    assert isinstance(exercise.local_school, threading.local), (
        f"local_school is a {type(exercise.local_school).__name__}; it must stay the "
        f"threading.local() object the exercise defines")


def stand_in(delay=0.0, gate=None, recorder=None, calls=None):
    """A grader's process_thread: records who ran it, optionally waits."""
    def process_thread(name):
        current = threading.current_thread()
        if calls is not None:
            # The thread object, not its ident: idents of ended threads are reused.
            calls.append((name, current.name, current, current is threading.main_thread()))
        if recorder is None:
            return f"greeting for {name}"
        with recorder.record(name):
            if gate is not None:
                gate.wait()
            threading.Event().wait(delay)
        return f"greeting for {name}"
    return process_thread


@pytest.mark.points(2)
@pytest.mark.timeout(6)
def test_greet_all_returns_every_greeting(exercise, monkeypatch):
    # Each greeting takes 50 ms: a greet_all that returns without joining
    # its threads comes back with greetings missing.
    monkeypatch.setattr(exercise.module, "process_thread",
                        stand_in(delay=0.05, recorder=Recorder()))
    names = ["Alice", "Bob", "Carol", "Dave", "Eve"]
    got = call_with_timeout(exercise.greet_all, names, timeout=CALL_TIMEOUT)
    expected = {n: f"greeting for {n}" for n in names}
    assert isinstance(got, dict) and got == expected, (
        f"greet_all({names!r}) returned {got!r}; expected {{name: what process_thread(name) "
        f"returned}}, e.g. {{'Alice': 'greeting for Alice', ...}} (process_thread was replaced by "
        f"the grader's). Wait for every thread (join) before returning")
    empty = call_with_timeout(exercise.greet_all, [], timeout=CALL_TIMEOUT)
    assert empty == {}, f"greet_all([]) returned {empty!r}, expected {{}}"


@pytest.mark.points(1)
@pytest.mark.timeout(6)
def test_threads_named_after_students(exercise, monkeypatch):
    calls = []
    monkeypatch.setattr(exercise.module, "process_thread", stand_in(calls=calls))
    names = ["Alice", "Bob", "Carol"]
    call_with_timeout(exercise.greet_all, names, timeout=CALL_TIMEOUT)
    assert sorted(c[0] for c in calls) == sorted(names), (
        f"greet_all({names!r}) called process_thread for {[c[0] for c in calls]!r}; expected "
        f"one call per name")
    for name, thread_name, _, is_main in calls:
        assert not is_main, f"process_thread({name!r}) ran in the main thread, not a thread of its own"
        assert thread_name == f"Thread-{name}", (
            f"process_thread({name!r}) ran in a thread named {thread_name!r}; expected "
            f"'Thread-{name}': threading.Thread(..., name=f'Thread-{{name}}')")
    threads = {id(c[2]) for c in calls}
    assert len(threads) == len(names), (
        f"{len(names)} students ran in only {len(threads)} thread(s): each needs its own thread")


@pytest.mark.points(2)
@pytest.mark.timeout(6)
@pytest.mark.timing
def test_threads_run_at_the_same_time(exercise, monkeypatch):
    names = ["Alice", "Bob", "Carol", "Dave"]
    gate, recorder = Gate(len(names), GATE_TIMEOUT), Recorder()
    monkeypatch.setattr(exercise.module, "process_thread",
                        stand_in(gate=gate, recorder=recorder))
    call_with_timeout(exercise.greet_all, names, timeout=CALL_TIMEOUT)
    overlap = max_concurrency(recorder.intervals)
    assert gate.opened, (
        f"greet_all({names!r}) ran at most {overlap} of its {len(names)} threads at the same "
        f"time (the first ones waited {GATE_TIMEOUT:g} s for the others, in vain):\n"
        f"{render(recorder.intervals)}\n"
        f"Start every thread first, then join them all; a thread joined right after it "
        f"starts runs alone")

"""Visible tests for thread_local: run `pytest exercises/02_threads/03_thread_local`.

The hidden grader checks more (it forces every thread to bind its student
before any thread reads one, and checks that the threads really overlap).
"""
import threading


def test_greeting_in_the_main_thread(exercise):
    assert exercise.process_thread("Alice") == "Hello, Alice (in MainThread)"


def test_greeting_in_a_named_thread(exercise):
    got = []
    t = threading.Thread(target=lambda: got.append(exercise.process_thread("Bob")), name="worker-1")
    t.start()
    t.join(5)
    assert got == ["Hello, Bob (in worker-1)"]


def test_seed_example(exercise):
    assert exercise.greet_all(["Alice", "Bob"]) == {
        "Alice": "Hello, Alice (in Thread-Alice)",
        "Bob": "Hello, Bob (in Thread-Bob)",
    }


def test_many_students(exercise):
    names = [f"student{i}" for i in range(10)]
    assert exercise.greet_all(names) == {n: f"Hello, {n} (in Thread-{n})" for n in names}


def test_local_school_is_thread_local(exercise):
    assert isinstance(exercise.local_school, threading.local)

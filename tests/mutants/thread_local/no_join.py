# mutant: starts the threads but returns without joining them: greetings still missing
# expect-fail: test_greet_all_returns_every_greeting
import threading

local_school = threading.local()


def process_student():
    return f"Hello, {local_school.student} (in {threading.current_thread().name})"


def process_thread(name):
    local_school.student = name
    return process_student()


def greet_all(names):
    greetings = {}

    def run(name):
        greetings[name] = process_thread(name)

    for n in names:
        threading.Thread(target=run, args=(n,), name=f"Thread-{n}").start()
    return greetings

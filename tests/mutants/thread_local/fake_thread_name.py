# mutant: builds the thread name from the student ('Thread-' + name) instead of asking the running thread
# expect-fail: test_greeting_names_the_real_thread
import threading

local_school = threading.local()


def process_student():
    std = local_school.student
    return f"Hello, {std} (in Thread-{std})"


def process_thread(name):
    local_school.student = name
    return process_student()


def greet_all(names):
    greetings = {}

    def run(name):
        greetings[name] = process_thread(name)

    threads = [threading.Thread(target=run, args=(n,), name=f"Thread-{n}") for n in names]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return greetings

# mutant: a home-made thread-local: a dict keyed by the thread's name (two threads may share a name)
# expect-fail: test_each_thread_sees_its_own_student
import threading

local_school = threading.local()
students = {}


def process_student():
    me = threading.current_thread().name
    return f"Hello, {students[me]} (in {me})"


def process_thread(name):
    students[threading.current_thread().name] = name
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

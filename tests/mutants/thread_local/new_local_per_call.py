# mutant: creates a new threading.local() in every process_thread, replacing the one other threads use
# expect-fail: test_each_thread_sees_its_own_student
import threading

local_school = threading.local()


def process_student():
    return f"Hello, {local_school.student} (in {threading.current_thread().name})"


def process_thread(name):
    global local_school
    local_school = threading.local()
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

# mutant: starts and joins each thread in turn, so the threads run one after another
# expect-fail: test_threads_run_at_the_same_time
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
        t = threading.Thread(target=run, args=(n,), name=f"Thread-{n}")
        t.start()
        t.join()
    return greetings

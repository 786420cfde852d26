# mutant: stores the student in a plain module global instead of threading.local
# expect-fail: test_each_thread_sees_its_own_student
import threading

local_school = threading.local()
student = None


def process_student():
    return f"Hello, {student} (in {threading.current_thread().name})"


def process_thread(name):
    global student
    student = name  # shared by every thread: the last one to write wins
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

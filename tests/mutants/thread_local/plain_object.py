# mutant: local_school is a plain object, so its attribute is shared by all threads
# expect-fail: test_each_thread_sees_its_own_student
import threading


class School:
    pass


local_school = School()


def process_student():
    return f"Hello, {local_school.student} (in {threading.current_thread().name})"


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

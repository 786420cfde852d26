# alternative: a threading.Thread subclass that keeps its own result
# expect: full
import threading

local_school = threading.local()


def process_student():
    return "Hello, %s (in %s)" % (local_school.student, threading.current_thread().name)


def process_thread(name):
    local_school.student = name
    return process_student()


class StudentThread(threading.Thread):
    def __init__(self, student):
        super().__init__(name="Thread-" + student)
        self.student = student
        self.greeting = None

    def run(self):
        self.greeting = process_thread(self.student)


def greet_all(names):
    threads = [StudentThread(n) for n in set(names)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {t.student: t.greeting for t in threads}

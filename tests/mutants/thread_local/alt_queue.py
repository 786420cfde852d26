# alternative: threads put (name, greeting) on a queue.Queue; results read after joining
# expect: full
import queue
import threading

local_school = threading.local()


def process_student():
    me = threading.current_thread()
    return f"Hello, {local_school.student} (in {me.name})"


def process_thread(name):
    local_school.student = name
    return process_student()


def greet_all(names):
    results = queue.Queue()
    threads = []
    for name in dict.fromkeys(names):
        t = threading.Thread(target=lambda n=name: results.put((n, process_thread(n))),
                             name=f"Thread-{name}")
        t.start()
        threads.append(t)
    for t in threads:
        t.join()
    return dict(results.get() for _ in threads)

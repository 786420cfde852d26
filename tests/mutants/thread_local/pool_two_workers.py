# mutant: a pool of two threads (renamed per student): only two students are greeted at a time
# expect-fail: test_threads_run_at_the_same_time, test_threads_named_after_students
import threading
from concurrent.futures import ThreadPoolExecutor

local_school = threading.local()


def process_student():
    return f"Hello, {local_school.student} (in {threading.current_thread().name})"


def process_thread(name):
    local_school.student = name
    return process_student()


def _renamed(name):
    threading.current_thread().name = f"Thread-{name}"
    return process_thread(name)


def greet_all(names):
    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(names, pool.map(_renamed, names)))

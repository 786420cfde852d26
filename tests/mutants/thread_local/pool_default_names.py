# mutant: a ThreadPoolExecutor: its threads are named ThreadPoolExecutor-N_M, not Thread-<name>
# expect-fail: test_seed_example, test_threads_named_after_students
import threading
from concurrent.futures import ThreadPoolExecutor

local_school = threading.local()


def process_student():
    return f"Hello, {local_school.student} (in {threading.current_thread().name})"


def process_thread(name):
    local_school.student = name
    return process_student()


def greet_all(names):
    names = list(names)
    if not names:
        return {}
    with ThreadPoolExecutor(max_workers=len(names)) as pool:
        return dict(zip(names, pool.map(process_thread, names)))

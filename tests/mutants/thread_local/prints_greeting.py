# mutant: keeps the seed's print() and returns nothing
# expect-fail: test_seed_example, test_greeting_names_the_real_thread, test_each_thread_sees_its_own_student
import threading

local_school = threading.local()


def process_student():
    print('Hello, %s (in %s)' % (local_school.student, threading.current_thread().name))


def process_thread(name):
    local_school.student = name
    process_student()


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

# mutant: correct lock, but each thread is joined right after it starts, so they run one after another
# expect-fail: test_threads_run_at_the_same_time
import threading

balance = 0
lock = threading.Lock()


def change_it(n):
    global balance
    with lock:
        balance = balance + n
        balance = balance - n


def run_thread(n, times):
    for _ in range(times):
        change_it(n)


def run_bank(amounts, times):
    global balance
    balance = 0
    for a in amounts:
        t = threading.Thread(target=run_thread, args=(a, times))
        t.start()
        t.join()
    return balance

# mutant: run_bank starts the threads but never joins them, returning while they still run
# expect-fail: test_no_thread_left_running
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
        threading.Thread(target=run_thread, args=(a, times)).start()
    return balance

# alternative: the module lock is an RLock, taken both in run_thread and in change_it
# expect: full
import threading

balance = 0
lock = threading.RLock()


def change_it(n):
    global balance
    with lock:
        balance = balance + n
        balance = balance - n


def run_thread(n, times):
    for _ in range(times):
        with lock:
            change_it(n)


def run_bank(amounts, times):
    global balance
    balance = 0
    threads = [threading.Thread(target=run_thread, args=(a, times)) for a in amounts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return balance

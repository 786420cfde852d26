# alternative: each thread holds the lock for its whole loop: correct, the threads still run at the same time
# expect: full
import threading

balance = 0
lock = threading.Lock()


def change_it(n):
    global balance
    balance = balance + n
    balance = balance - n


def run_thread(n, times):
    with lock:
        for _ in range(times):
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

# alternative: augmented assignment (+=, -=) under the lock, threads kept in a list comprehension
# expect: full
import threading

balance = 0
lock = threading.Lock()


def change_it(n):
    global balance
    with lock:
        balance += n
        balance -= n


def run_thread(n, times):
    for _ in range(times):
        change_it(n)


def run_bank(amounts, times):
    global balance
    balance = 0
    threads = [threading.Thread(target=run_thread, args=(a, times), daemon=True) for a in amounts]
    [t.start() for t in threads]
    [t.join() for t in threads]
    return balance

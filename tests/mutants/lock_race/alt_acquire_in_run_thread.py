# alternative: the seed's version: run_thread takes the lock with acquire/try/finally around each change_it
# expect: full
import threading

balance = 0
lock = threading.Lock()


def change_it(n):
    global balance
    balance = balance + n
    balance = balance - n


def run_thread(n, times):
    for _ in range(times):
        lock.acquire()
        try:
            change_it(n)
        finally:
            lock.release()


def run_bank(amounts, times):
    global balance
    balance = 0
    threads = [threading.Thread(target=run_thread, args=(a, times)) for a in amounts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return balance

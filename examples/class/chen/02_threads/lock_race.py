# mutant: no lock at all: the seed's racy bank, which CPython 3.10+ rarely shows losing an update
# expect-fail: test_no_lost_updates
import threading

balance = 0
lock = threading.Lock()


def change_it(n):
    global balance
    balance = balance + n
    balance = balance - n


def run_thread(n, times):
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

# mutant: change_it never touches balance, so the bank trivially stays at 0
# expect-fail: test_change_it_deposits_then_withdraws
import threading

balance = 0
lock = threading.Lock()


def change_it(n):
    with lock:
        pass


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

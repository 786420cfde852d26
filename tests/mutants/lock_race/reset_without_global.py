# mutant: run_bank assigns `balance = 0` without `global balance`, so it resets and returns a local variable
# expect-fail: test_resets_balance, test_returns_final_balance
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
    balance = 0
    threads = [threading.Thread(target=run_thread, args=(a, times)) for a in amounts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return balance

# mutant: one worker thread runs every amount in turn instead of one thread per amount
# expect-fail: test_one_thread_per_amount, test_threads_run_at_the_same_time
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

    def work():
        for a in amounts:
            run_thread(a, times)

    t = threading.Thread(target=work)
    t.start()
    t.join()
    return balance

# alternative: a ThreadPoolExecutor with one worker per amount; leaving the `with` block joins them
# expect: full
import threading
from concurrent.futures import ThreadPoolExecutor

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
    with ThreadPoolExecutor(max_workers=len(amounts)) as pool:
        futures = [pool.submit(run_thread, a, times) for a in amounts]
    for f in futures:
        f.result()
    return balance

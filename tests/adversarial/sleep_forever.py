# attack: every function sleeps for ever
import time

balance = 0


def change_it(n):
    time.sleep(10**6)


def run_thread(n, times):
    time.sleep(10**6)


def run_bank(amounts, times):
    time.sleep(10**6)

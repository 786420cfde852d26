# attack: leave the interpreter in the middle of a test, before anything can report a failure
import os

balance = 0


def _leave(*args):
    os._exit(0)


change_it = run_thread = run_bank = _leave

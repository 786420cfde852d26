# attack: kill the grading process itself
import os
import signal

balance = 0


def _kill(*args):
    os.kill(os.getpid(), signal.SIGKILL)


change_it = run_thread = run_bank = _kill

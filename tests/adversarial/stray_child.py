# attack: leave processes running after the grader returns (setsid and a double fork)
import os
import subprocess

subprocess.Popen(["sleep", "987654"], start_new_session=True)
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.execvp("sleep", ["sleep", "987653"])
    os._exit(0)

balance = 0


def change_it(n):
    raise NotImplementedError


run_thread = run_bank = change_it

# attack: flood stdout and stderr
import sys

for _ in range(200):
    sys.stdout.write("x" * (1 << 18) + "\n")
    sys.stderr.write("y" * (1 << 18) + "\n")

balance = 0


def change_it(n):
    print("z" * (1 << 20))
    raise NotImplementedError


run_thread = run_bank = change_it

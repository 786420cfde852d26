# mutant: shlex.join(args) with shell=True: quoted right, but a shell still runs between (and kill() hits the shell)
# expect-fail: test_arguments_arrive_unchanged
import collections
import subprocess
import sys

Result = collections.namedtuple("Result", "returncode stdout stderr")
import shlex


def call(args):
    return subprocess.call(shlex.join(args), shell=True)


def pipe_through(args, text):
    out = subprocess.run(shlex.join(args), shell=True, input=text, capture_output=True, text=True)
    return Result(out.returncode, out.stdout, out.stderr)


def run_with_timeout(args, text, timeout):
    out = subprocess.run(shlex.join(args), shell=True, input=text, capture_output=True,
                         text=True, timeout=timeout)
    return Result(out.returncode, out.stdout, out.stderr)

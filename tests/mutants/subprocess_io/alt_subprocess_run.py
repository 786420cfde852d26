# alternative: subprocess.run everywhere (run kills and waits on timeout by itself)
# expect: full
import collections
import subprocess
import sys

Result = collections.namedtuple("Result", "returncode stdout stderr")


def call(args):
    return subprocess.run(args).returncode


def pipe_through(args, text):
    done = subprocess.run(args, input=text, capture_output=True, encoding="utf-8")
    return Result(done.returncode, done.stdout, done.stderr)


def run_with_timeout(args, text, timeout):
    done = subprocess.run(args, input=text, capture_output=True, encoding="utf-8",
                          timeout=timeout)
    return Result(done.returncode, done.stdout, done.stderr)

# mutant: kill() without wait(): the killed command stays a zombie
# expect-fail: test_timeout_leaves_no_process
import collections
import subprocess
import sys

Result = collections.namedtuple("Result", "returncode stdout stderr")


def call(args):
    return subprocess.call(args)


def pipe_through(args, text):
    proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    out, err = proc.communicate(text)
    return Result(proc.returncode, out, err)


def run_with_timeout(args, text, timeout):
    proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        out, err = proc.communicate(text, timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise
    return Result(proc.returncode, out, err)

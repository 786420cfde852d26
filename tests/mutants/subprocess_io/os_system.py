# mutant: os.system(" ".join(args)): a shell, and a raw wait status (768) instead of the exit code
# expect-fail: test_call_returns_the_exit_code, test_arguments_arrive_unchanged
import collections
import subprocess
import sys

Result = collections.namedtuple("Result", "returncode stdout stderr")
import os


def call(args):
    return os.system(" ".join(args))


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
        proc.wait()
        raise
    return Result(proc.returncode, out, err)

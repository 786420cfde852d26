# mutant: " ".join(args) with shell=True: the shell splits, expands and runs `; touch pwned`
# expect-fail: test_arguments_arrive_unchanged
import collections
import subprocess
import sys

Result = collections.namedtuple("Result", "returncode stdout stderr")


def call(args):
    return subprocess.call(" ".join(args), shell=True)


def pipe_through(args, text):
    proc = subprocess.Popen(" ".join(args), shell=True, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = proc.communicate(text)
    return Result(proc.returncode, out, err)


def run_with_timeout(args, text, timeout):
    proc = subprocess.Popen(" ".join(args), shell=True, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        out, err = proc.communicate(text, timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        raise
    return Result(proc.returncode, out, err)

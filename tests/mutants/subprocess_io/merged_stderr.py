# mutant: stderr=subprocess.STDOUT: the command's errors are mixed into its output
# expect-fail: test_pipe_through_feeds_and_captures
import collections
import subprocess
import sys

Result = collections.namedtuple("Result", "returncode stdout stderr")


def call(args):
    return subprocess.call(args)


def pipe_through(args, text):
    proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    out, err = proc.communicate(text)
    return Result(proc.returncode, out, err or "")


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

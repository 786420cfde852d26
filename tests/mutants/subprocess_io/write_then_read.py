# mutant: writes all the input, then reads the output: deadlocks once the output pipe fills
# expect-fail: test_pipe_through_big_data, test_run_with_timeout_in_time
import collections
import subprocess
import sys

Result = collections.namedtuple("Result", "returncode stdout stderr")


def call(args):
    return subprocess.call(args)


def pipe_through(args, text):
    proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    proc.stdin.write(text)
    proc.stdin.close()
    out = proc.stdout.read()
    err = proc.stderr.read()
    return Result(proc.wait(), out, err)


def run_with_timeout(args, text, timeout):
    proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    proc.stdin.write(text)
    proc.stdin.close()
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        raise
    return Result(proc.returncode, proc.stdout.read(), proc.stderr.read())

# mutant: subprocess.run(..., check=True): a non-zero exit code raises CalledProcessError instead of being returned
# expect-fail: test_pipe_through_feeds_and_captures, test_run_with_timeout_in_time
import collections
import subprocess
import sys

Result = collections.namedtuple("Result", "returncode stdout stderr")


def call(args):
    return subprocess.call(args)


def pipe_through(args, text):
    out = subprocess.run(args, input=text, capture_output=True, text=True, check=True)
    return Result(out.returncode, out.stdout, out.stderr)


def run_with_timeout(args, text, timeout):
    out = subprocess.run(args, input=text, capture_output=True, text=True, check=True,
                         timeout=timeout)
    return Result(out.returncode, out.stdout, out.stderr)

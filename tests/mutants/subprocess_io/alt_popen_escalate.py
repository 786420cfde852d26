# alternative: `with Popen` for call, bytes decoded by hand, terminate() first and kill() if it does not end
# expect: full
import collections
import subprocess
import sys

Result = collections.namedtuple("Result", "returncode stdout stderr")


def call(args):
    with subprocess.Popen(args) as proc:
        return proc.wait()


def pipe_through(args, text):
    with subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE) as proc:
        out, err = proc.communicate(text.encode("utf-8"))
    return Result(proc.returncode, out.decode("utf-8"), err.decode("utf-8"))


def run_with_timeout(args, text, timeout):
    with subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE) as proc:
        try:
            out, err = proc.communicate(text.encode("utf-8"), timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.terminate()             # ask politely first...
            try:
                proc.wait(0.2)
            except subprocess.TimeoutExpired:
                proc.kill()              # ...then insist
                proc.wait()
            raise
    return Result(proc.returncode, out.decode("utf-8"), err.decode("utf-8"))

"""Quick checks for subprocess_io.py: run `pytest` in this folder.

The commands are small Python programs (`sys.executable -c ...`), so they
exist on every machine.  The graded tests check more (1 MB of input and
output, a command that ignores SIGTERM, what a shell would have done).
"""
import json
import subprocess
import sys
import time

from conclab import reap
from conclab.interleave import call_with_timeout

PY = sys.executable
ARGV = "import json, sys; print(json.dumps(sys.argv[1:])); sys.exit(3)"
SHOUT = "import sys\nfor line in sys.stdin:\n    sys.stdout.write(line.upper())\n" \
        "    sys.stderr.write(line.lower())\nsys.exit(4)\n"


def test_call_returns_the_exit_code(exercise):
    code = call_with_timeout(exercise.call, [PY, "-c", "import sys; sys.exit(3)"], timeout=3)
    assert code == 3, f"call() returned {code!r}; the command exited with 3"


def test_arguments_stay_whole(exercise):
    tricky = ["; echo oops", "$HOME", "two words"]
    got = call_with_timeout(exercise.pipe_through, [PY, "-c", ARGV, *tricky], "", timeout=3)
    assert json.loads(got[1]) == tricky, (
        f"the command received {got[1].strip()}; expected {json.dumps(tricky)}: "
        f"pass the list itself, no shell")


def test_pipe_through(exercise):
    got = call_with_timeout(exercise.pipe_through, [PY, "-c", SHOUT], "Hi there\n", timeout=3)
    assert tuple(got) == (4, "HI THERE\n", "hi there\n"), (
        f"pipe_through returned {got!r}; expected (4, 'HI THERE\\n', 'hi there\\n')")


def test_timeout_kills_and_waits(exercise):
    before = reap.descendants()
    start = time.perf_counter()
    try:
        call_with_timeout(exercise.run_with_timeout, [PY, "-c", "import time; time.sleep(30)"],
                          "", 0.3, timeout=3)
    except subprocess.TimeoutExpired:
        pass
    else:
        raise AssertionError("run_with_timeout(sleep 30 s, timeout=0.3) did not raise "
                             "subprocess.TimeoutExpired")
    assert time.perf_counter() - start < 2.5, "run_with_timeout took far longer than 0.3 s"
    time.sleep(0.2)
    left = {pid: reap.state(pid) for pid in reap.descendants() - before}
    assert not left, (f"after the timeout, the command was still there (state {left}): "
                      f"'Z' means killed but never waited for; else it was never killed")

"""Hidden grader for subprocess_io: argument lists, stdin/stdout, exit codes, a deadline.

The commands are small Python programs run with ``sys.executable -c`` (no
network, no ``nslookup``), so every machine has them.  What is observed:

- the arguments each program *received* (it writes its ``sys.argv`` and its
  parent's pid to a file): tricky arguments (``'; touch pwned'``, ``$HOME``,
  ``*``, spaces, quotes, an empty string) must arrive unchanged, no file
  ``pwned`` may appear, and the program's parent must be the caller itself,
  not a shell between them; every ``subprocess.Popen`` is also recorded,
  with its ``shell`` argument;
- a program that copies its input to stdout (upper case) and to stderr
  (lower case) line by line, so 1 MB of input fills both output pipes while
  input is still being written: writing everything before reading deadlocks
  (caught by a 3 s limit on the call, not by hanging);
- after a timeout, every process the call started is looked up (``/proc``):
  still running means it was never killed, a zombie means nobody waited for
  it.  Every ``Popen`` object is kept alive during the test, because CPython
  reaps an already-dead child when its ``Popen`` is garbage-collected — a
  lucky accident the grader does not count on; a second program ignores
  SIGTERM, so only ``kill()`` stops it.
"""
import json
import os
import subprocess
import sys
import time

import pytest

from conclab import reap
from conclab.interleave import StillRunning, call_with_timeout

PY = sys.executable
LIMIT = 3.0        # s: one call of a function that should take a few ms (big data: ~0.1 s)
TIMEOUT = 0.3      # s: the deadline given to run_with_timeout
SETTLE = 0.5       # s: a killed process may take this long to become a zombie or vanish

ARGV = ("import json, os, sys\n"
        "with open(sys.argv[1], 'w') as f:\n"
        "    json.dump({'argv': sys.argv[2:], 'ppid': os.getppid()}, f)\n"
        "print('hello from the command')\n"
        "sys.exit(3)\n")
TRICKY = ["; touch pwned", "$HOME", "*", "two words", "'single' \"double\"", "", "a\\b", "x|y&z"]
SHOUT = ("import sys\n"
         "for line in sys.stdin:\n"
         "    sys.stdout.write(line.upper())\n"
         "    sys.stderr.write(line.lower())\n"
         "sys.exit(4)\n")
SLEEPER = ("import os, signal, sys, time\n"
           "if sys.argv[2] == 'stubborn':\n"
           "    signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
           "with open(sys.argv[1], 'w') as f:\n"
           "    f.write(str(os.getpid()))\n"
           "time.sleep(30)\n")
TEXT = "Hello, World!\nSecond Line: 42\n"
BIG = "".join(f"Line {i:06d} of the big input, Mixed Case\n" for i in range(25000))  # ~1 MB


@pytest.fixture(autouse=True)
def popens(monkeypatch):
    """Every subprocess.Popen made during the test: its arguments, and the object.

    Kept referenced, so that an unreaped child stays visible as a zombie;
    killed and waited for after the test.
    """
    made = []
    original = subprocess.Popen.__init__

    def init(self, args, *rest, **kwargs):
        made.append({"args": args, "shell": kwargs.get("shell", False), "popen": self})
        original(self, args, *rest, **kwargs)

    monkeypatch.setattr(subprocess.Popen, "__init__", init)
    yield made
    monkeypatch.undo()
    for entry in made:
        proc = entry["popen"]
        if getattr(proc, "pid", None) and proc.returncode is None:
            try:
                proc.kill()
                proc.wait(2)
            except Exception:  # noqa: BLE001 - best effort clean-up
                pass


def used_shell(popens):
    return [e for e in popens if e["shell"] or isinstance(e["args"], (str, bytes))]


def run(exercise, func, *args):
    """``exercise.func(*args)`` with a hard limit; what it returned or raised."""
    try:
        return call_with_timeout(getattr(exercise, func), *args, timeout=LIMIT)
    except StillRunning:
        hint = ""
        if func in ("pipe_through", "run_with_timeout"):
            hint = ("\nThe command copies its input to its output line by line. Writing all the "
                    "input first and reading the output afterwards deadlocks: the output pipe "
                    "(64 KiB) fills up, the command waits for you to read it, and stops reading "
                    "its input, while you wait to write more. proc.communicate(text) writes and "
                    "reads at the same time.")
        pytest.fail(f"{func}() did not return within {LIMIT:g} s.{hint}", pytrace=False)


def check_result(got, want, shown):
    if not (isinstance(got, tuple) and len(got) == 3):
        pytest.fail(f"{shown} returned {got!r:.200}; expected Result(returncode, stdout, stderr)",
                    pytrace=False)
    code, out, err = got
    for name, value, expected in [("stdout", out, want[1]), ("stderr", err, want[2])]:
        if isinstance(value, bytes):
            pytest.fail(f"{shown} returned {name} as bytes; expected str: open the pipes in "
                        f"text mode (encoding='utf-8') or .decode() what you read", pytrace=False)
        if value != expected:
            extra = ""
            if name == "stderr" and value in (None, ""):
                extra = (" (stderr=subprocess.PIPE keeps it apart; stderr=STDOUT mixes it into "
                         "stdout, and without stderr=PIPE it goes to our own stderr)")
            pytest.fail(f"{shown} returned {name} {value!r:.120} ({len(value or '')} "
                        f"characters); expected {expected!r:.120} ({len(expected)} "
                        f"characters){extra}", pytrace=False)
    assert code == want[0], (
        f"{shown} returned exit code {code!r}; the command exited with {want[0]}: return "
        f"proc.returncode (a non-zero exit is not an error here)")


# --- call: exit code and arguments --------------------------------------------

@pytest.mark.points(1)
@pytest.mark.timeout(15)
def test_call_returns_the_exit_code(exercise, tmp_path, capfd):
    code = run(exercise, "call", [PY, "-c", ARGV, str(tmp_path / "argv.json")])
    assert code == 3, (
        f"call() returned {code!r}; the command exited with 3. subprocess.call returns the "
        f"exit code (os.system returns a raw wait status: 3 << 8 = 768)")
    out = capfd.readouterr().out
    assert "hello from the command" in out, (
        "the command's output did not appear on our standard output: call() lets the "
        "command print where we print (don't capture its output)")
    code = run(exercise, "call", [PY, "-c", "pass"])
    assert code == 0, f"call([python, '-c', 'pass']) returned {code!r}, expected 0"


@pytest.mark.points(1)
@pytest.mark.timeout(20)
@pytest.mark.parametrize("func", ["call", "pipe_through", "run_with_timeout"])
def test_arguments_arrive_unchanged(exercise, tmp_path, monkeypatch, popens, func):
    monkeypatch.chdir(tmp_path)  # whatever a shell would run happens here
    report = tmp_path / "argv.json"
    args = [PY, "-c", ARGV, str(report), *TRICKY]
    extra = {"call": (), "pipe_through": ("",), "run_with_timeout": ("", 5.0)}[func]
    run(exercise, func, args, *extra)
    shells = used_shell(popens)
    if shells:
        pytest.fail(f"{func}() ran a shell: subprocess.Popen({shells[0]['args']!r:.70}..., "
                    f"shell={shells[0]['shell']}). Pass the list itself, without shell=True: "
                    f"a shell splits words, expands $HOME and *, and runs what follows `;`.",
                    pytrace=False)
    if (tmp_path / "pwned").exists():
        pytest.fail(f"{func}() let a shell run `touch pwned` from the argument "
                    f"'; touch pwned'. Never build a command line from arguments: pass the "
                    f"list, without shell=True.", pytrace=False)
    if not report.exists():
        pytest.fail(f"{func}({args!r:.120}...) did not run the program with its arguments: "
                    f"it never wrote its report", pytrace=False)
    seen = json.loads(report.read_text())
    assert seen["argv"] == TRICKY, (
        f"the program received the arguments {seen['argv']!r}; expected {TRICKY!r}, each "
        f"list item as one argument, unchanged")
    assert seen["ppid"] == os.getpid(), (
        f"the program's parent was process {seen['ppid']}, not the caller ({os.getpid()}): "
        f"something (a shell?) ran between them. Start the program itself from the list.")


# --- pipe_through: input, output, exit code -------------------------------------

@pytest.mark.points(1)
@pytest.mark.timeout(15)
def test_pipe_through_feeds_and_captures(exercise):
    got = run(exercise, "pipe_through", [PY, "-c", SHOUT], TEXT)
    check_result(got, (4, TEXT.upper(), TEXT.lower()), "pipe_through(shout, TEXT)")


@pytest.mark.points(2)
@pytest.mark.timeout(15)
def test_pipe_through_big_data(exercise):
    got = run(exercise, "pipe_through", [PY, "-c", SHOUT], BIG)
    check_result(got, (4, BIG.upper(), BIG.lower()), "pipe_through(shout, 1 MB)")


# --- run_with_timeout ------------------------------------------------------------

@pytest.mark.points(1)
@pytest.mark.timeout(15)
def test_run_with_timeout_in_time(exercise):
    got = run(exercise, "run_with_timeout", [PY, "-c", SHOUT], BIG, 5.0)
    check_result(got, (4, BIG.upper(), BIG.lower()), "run_with_timeout(shout, 1 MB, 5.0)")


def outlive(exercise, tmp_path, mode):
    """Call run_with_timeout on a 30 s sleeper; (what it raised or returned, pid, seconds)."""
    pidfile = tmp_path / "sleeper.pid"
    before = reap.descendants()
    start = time.perf_counter()
    try:
        value = call_with_timeout(exercise.run_with_timeout, [PY, "-c", SLEEPER, str(pidfile), mode],
                                  "", TIMEOUT, timeout=LIMIT)
    except StillRunning:
        value = StillRunning()
    except Exception as exc:  # noqa: BLE001 - inspected by the test
        value = exc
    seconds = time.perf_counter() - start
    new = reap.descendants() - before - reap._helper_pids()
    return value, new, seconds


def leftovers(new):
    """{pid: state} of processes still there after SETTLE seconds ('Z' = zombie)."""
    deadline = time.monotonic() + SETTLE
    while True:
        states = {pid: reap.state(pid) for pid in new}
        states = {pid: s for pid, s in states.items() if s is not None}
        if all(s in ("Z", "X") for s in states.values()) or time.monotonic() > deadline:
            return states
        time.sleep(0.01)


@pytest.mark.points(1)
@pytest.mark.timeout(15)
def test_timeout_raises(exercise, tmp_path):
    value, _, seconds = outlive(exercise, tmp_path, "plain")
    if isinstance(value, NotImplementedError):
        raise value
    if isinstance(value, StillRunning):
        pytest.fail(f"run_with_timeout(sleep 30 s, timeout={TIMEOUT}) did not return within "
                    f"{LIMIT:g} s: pass the timeout to communicate(text, timeout=timeout), and "
                    f"after killing the command, wait for it with wait() or communicate()",
                    pytrace=False)
    assert isinstance(value, subprocess.TimeoutExpired), (
        f"run_with_timeout(sleep 30 s, timeout={TIMEOUT}) "
        + (f"raised {type(value).__name__}: {value}" if isinstance(value, BaseException)
           else f"returned {value!r:.100}")
        + f" after {seconds:.2f} s; expected it to raise subprocess.TimeoutExpired (after "
          f"killing the command): catch the TimeoutExpired, kill, wait, and raise it again")


@pytest.mark.points(2)
@pytest.mark.timeout(15)
@pytest.mark.parametrize("mode", ["plain", "stubborn"])
def test_timeout_leaves_no_process(exercise, tmp_path, mode):
    value, new, seconds = outlive(exercise, tmp_path, mode)
    if isinstance(value, NotImplementedError):
        raise value
    what = ("a command that sleeps 30 s" if mode == "plain"
            else "a command that sleeps 30 s and ignores SIGTERM")
    if isinstance(value, StillRunning):
        pytest.fail(f"run_with_timeout({what}, timeout={TIMEOUT}) did not return within "
                    f"{LIMIT:g} s. "
                    + ("terminate() sends SIGTERM, which a program may ignore, and wait() "
                       "then waits forever: kill() sends SIGKILL, which it cannot refuse."
                       if mode == "stubborn" else
                       "Kill the command when the deadline passes, then wait for it."),
                    pytrace=False)
    left = leftovers(new)
    running = sorted(pid for pid, s in left.items() if s not in ("Z", "X"))
    zombies = sorted(pid for pid, s in left.items() if s in ("Z", "X"))
    if running:
        pytest.fail(f"after run_with_timeout({what}, timeout={TIMEOUT}) gave up "
                    f"({seconds:.2f} s), the command (pid {', '.join(map(str, running))}) was "
                    f"still running, and nobody will ever wait for it: it keeps going after you gave "
                    f"up on it, and outlives your program as an orphan. "
                    f"Catch subprocess.TimeoutExpired, call proc.kill(), wait for it, then "
                    f"raise.", pytrace=False)
    if zombies:
        pytest.fail(f"after run_with_timeout({what}, timeout={TIMEOUT}) gave up, the killed "
                    f"command (pid {', '.join(map(str, zombies))}) was a zombie: killed but "
                    f"never waited for. kill() only sends a signal; proc.wait() (or "
                    f"proc.communicate()) collects its exit status.", pytrace=False)

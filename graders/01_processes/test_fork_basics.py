"""Hidden grader for fork_basics: os.fork with a pipe, and multiprocessing.Process.

Every call runs in a fresh driver process (:mod:`conclab.isolated`), on its
main thread with no other thread running, never inside pytest:

- a forked child that does not end with ``os._exit()`` comes back out of
  the student's function; the driver sees a return (or an exception) in a
  process that is not the caller, reports it as a *stray* and stops it, so
  the grader is never run twice;
- ``os.fork()`` in a single-threaded process neither deadlocks nor warns
  (Python 3.12+ warns when a process with threads forks), so a correct
  solution loses nothing to that;
- a call that hangs is stopped after ``LIMIT`` seconds by killing the
  driver's process group.

What is observed, not assumed: the moment the function returns, the driver
lists every process still under it with its state (``'Z'``: a zombie nobody
waited for) and every ``multiprocessing`` process it started with the exit
code its parent collected (``None``: never joined).  The student's
``greeting`` is replaced by versions that record the process that called
them, raise, kill their own process with SIGKILL, or return 320 KB (more
than a pipe holds, so a parent that waits before reading deadlocks).
Observation uses the "fork" start method; ``process_child`` is also run
under "forkserver" and "spawn".
"""
import pytest

from conclab import isolated

FUNCS = ["fork_child", "process_child"]
LIMIT = 1.5        # s: one call; a correct one takes a few ms (spawn: see SPAWN_LIMIT)
SPAWN_LIMIT = 5.0  # s: spawn and forkserver start a fresh interpreter for the child

# Run in the driver before each call: describe(child) turns what the student
# returned into JSON without shipping a 320 KB message back.
DESCRIBE = '''
BIG = "".join(f"line {i:06d}\\n" for i in range(25000))   # 300 KB: over a pipe's 64 KiB

def describe(child):
    try:
        pid, message, exitcode = child
    except Exception:
        return {"bad": repr(child)[:300]}
    out = {"pid": pid, "exitcode": exitcode, "type": type(message).__name__,
           "length": len(message) if isinstance(message, (str, bytes)) else None,
           "big": message == BIG}
    out["message"] = message if isinstance(message, str) and len(message) < 300 else repr(message[:80] if isinstance(message, (str, bytes)) else message)
    return out
'''

RECORDING = '''
def greeting():
    log(event="greeting")
    return f"grader's greeting from {os.getpid()}, child of {os.getppid()}"
student.greeting = greeting
'''

RAISING = '''
def greeting():
    log(event="greeting")
    raise RuntimeError("the grader's greeting() fails on purpose")
student.greeting = greeting
'''

KILLED = '''
import signal
def greeting():
    log(event="greeting")
    os.kill(os.getpid(), signal.SIGKILL)   # dies here, before sending anything
student.greeting = greeting
'''

LINGER = '''
import threading
def greeting():
    # A non-daemon thread keeps a multiprocessing child alive 0.3 s after its
    # target returns (os._exit ends a forked child at once anyway): a parent
    # that does not wait for its child returns while the child still runs.
    threading.Thread(target=time.sleep, args=(0.3,)).start()
    return "lingering"
student.greeting = greeting
'''

BIG_GREETING = '''
def greeting():
    return BIG
student.greeting = greeting
'''

HANGS = {
    "fork_child": "The usual causes: the parent still holds the pipe's write end (close it right "
                  "after the fork), so reading never sees end-of-file; or the parent waits for the "
                  "child before reading, while the child cannot finish writing a message the pipe "
                  "cannot hold.",
    "process_child": "The usual causes: the parent still holds the sending end of the Pipe (close "
                     "it right after start()), so recv() waits forever for a child that died "
                     "without sending; or the parent calls join() before recv(), while the child "
                     "cannot finish sending a message the pipe cannot hold.",
}


class Child:
    """What the student's function returned (from DESCRIBE)."""

    def __init__(self, data):
        self.__dict__.update(data)


def call(exercise, func, code, setup="", method="fork"):
    """Run ``func(code)`` in a fresh driver; (outcome, Child) or a failed test."""
    getattr(exercise, func)  # a missing function fails here, with the plugin's lesson
    shown = f"{func}({code})"
    limit = LIMIT if method == "fork" else SPAWN_LIMIT
    out = isolated.run(exercise.path, f"describe(student.{func}({code}))", setup=DESCRIBE + setup,
                       module=exercise.slug, timeout=limit, start_method=method)
    lesson = out.lesson(shown)
    if out.status == "hung":
        lesson += f".\n{HANGS[func]}"
    if lesson:
        pytest.fail(lesson, pytrace=False)
    if "bad" in out.value:
        pytest.fail(f"{shown} returned {out.value['bad']}; expected Child(pid, message, exitcode)",
                    pytrace=False)
    child = Child(out.value)
    if child.type != "str":
        pytest.fail(f"{shown} returned a message of type {child.type} ({child.message}); expected "
                    f"a str: decode the bytes read from the pipe with .decode()", pytrace=False)
    return out, child


def seed_message(pid, parent):
    return f"I am child process {pid} and my parent is {parent}."


# --- the child talks, and ends with the right code ----------------------------

@pytest.mark.points(1)
@pytest.mark.timeout(20)
@pytest.mark.parametrize("func", FUNCS)
def test_child_reports_and_exits(exercise, func):
    for code in (3, 0):
        out, child = call(exercise, func, code)
        want = seed_message(child.pid, out.pid)
        assert child.message == want, (
            f"{func}({code}) returned message {child.message!r}; expected {want!r}: what "
            f"greeting() returns in the child (pid {child.pid}), sent whole through the pipe")
        assert child.exitcode == code, (
            f"{func}({code}) returned exitcode {child.exitcode!r}; expected {code}, the status "
            f"the child exits with, as the parent collects it ("
            + ("os.waitpid, then os.waitstatus_to_exitcode" if func == "fork_child"
               else "join(), then the Process's .exitcode") + ")")
        if func == "process_child":
            targets = [p["target"] for p in out.processes]
            assert targets == ["child_main"], (
                f"process_child({code}) started {len(targets)} multiprocessing process(es) "
                f"with targets {targets}; expected one: "
                f"multiprocessing.Process(target=child_main, args=(conn, code))")


@pytest.mark.points(1)
@pytest.mark.timeout(20)
@pytest.mark.parametrize("func", FUNCS)
def test_greeting_runs_in_the_child(exercise, func):
    out, child = call(exercise, func, 5, RECORDING)
    callers = [e["pid"] for e in out.log if e["event"] == "greeting"]
    want = f"grader's greeting from {child.pid}, child of {out.pid}"
    if callers != [child.pid]:
        where = ", ".join("the parent" if pid == out.pid else f"pid {pid}" for pid in callers)
        pytest.fail(f"greeting() was called {len(callers)} time(s)" + (f", in {where}" if callers
                                                                       else "")
                    + f"; expected once, in the child (pid {child.pid}). The child calls it and "
                    f"sends what it returns to the parent: the parent only receives.",
                    pytrace=False)
    assert child.message == want, (
        f"{func}(5) returned message {child.message!r}; the child's greeting() returned {want!r}: "
        f"the parent must return exactly what the child sent")


# --- the parent waits for its child --------------------------------------------

@pytest.mark.points(1)
@pytest.mark.timeout(20)
@pytest.mark.parametrize("func", FUNCS)
def test_child_is_reaped(exercise, func):
    out, child = call(exercise, func, 0, LINGER)
    how = ("os.waitpid(pid, 0)" if func == "fork_child" else "join()")
    state = out.left.get(child.pid)
    if state == "Z":
        pytest.fail(f"when {func}(0) returned, its child (pid {child.pid}) had ended but was a "
                    f"zombie: nobody had collected its exit status. A parent must wait for every "
                    f"child it starts: {how}.", pytrace=False)
    if state is not None:
        pytest.fail(f"when {func}(0) returned, its child (pid {child.pid}) was still running "
                    f"(state {state!r}). Wait for it before returning: {how}.", pytrace=False)
    unjoined = [p["pid"] for p in out.processes if p["exitcode"] is None]
    assert not unjoined, (
        f"when {func}(0) returned, nobody had collected the exit code of process(es) {unjoined}: "
        f"call join() on every Process you start")
    assert not out.left, (
        f"when {func}(0) returned, process(es) {sorted(out.left)} it started were still there "
        f"(states {out.left}): wait for every child you start")


@pytest.mark.points(2)
@pytest.mark.timeout(20)
def test_child_never_returns_into_caller(exercise):
    for setup, what in [(RECORDING, "greeting() worked"),
                        (RAISING, "greeting() raised RuntimeError")]:
        getattr(exercise, "fork_child")
        out = isolated.run(exercise.path, "student.fork_child(3)", setup=setup,
                           module=exercise.slug, timeout=LIMIT, start_method="fork")
        for stray in out.strays:
            pytest.fail(
                f"When {what}, the forked child (pid {stray['pid']}) came back out of "
                f"fork_child(3): it {stray['how']} into the code that called fork_child. "
                f"In a real program that child would now run the rest of the program a second "
                f"time, next to its parent. End the child's branch with os._exit(status), in a "
                f"`finally:` so that not even an exception gets past it (sys.exit() raises "
                f"SystemExit, which unwinds through the caller just like an exception).",
                pytrace=False)
        lesson = out.lesson("fork_child(3)")
        if out.status == "hung":
            lesson += f".\n{HANGS['fork_child']}"
        if lesson:
            pytest.fail(lesson, pytrace=False)


@pytest.mark.points(1)
@pytest.mark.timeout(20)
@pytest.mark.parametrize("func", FUNCS)
def test_failing_child_exits_with_1(exercise, func):
    out, child = call(exercise, func, 0, RAISING)
    assert (child.message, child.exitcode) == ("", 1), (
        f"greeting() raised in the child; {func}(0) returned message {child.message!r} and "
        f"exitcode {child.exitcode!r}, expected '' and 1. A child that fails must not report "
        f"success: "
        + ("set the status to `code` only after the message is written, and exit with 1 "
           "otherwise (`finally: os._exit(status)`)." if func == "fork_child" else
           "let the exception end child_main (multiprocessing then exits with 1), and return "
           "'' when recv() raises EOFError."))


@pytest.mark.points(1)
@pytest.mark.timeout(20)
@pytest.mark.parametrize("func", FUNCS)
def test_child_killed_by_a_signal(exercise, func):
    out, child = call(exercise, func, 0, KILLED)
    assert child.message == "", (
        f"the child was killed before it sent anything, but {func}(0) returned message "
        f"{child.message!r}; expected ''")
    hint = ("os.waitstatus_to_exitcode(status) gives -N for a child killed by signal N; "
            "`status >> 8` and os.WEXITSTATUS only read a normal exit"
            if func == "fork_child" else "after join(), Process.exitcode is -N for signal N")
    assert child.exitcode == -9, (
        f"the child was killed by SIGKILL (signal 9); {func}(0) returned exitcode "
        f"{child.exitcode!r}, expected -9: {hint}")


@pytest.mark.points(1)
@pytest.mark.timeout(20)
@pytest.mark.parametrize("func", FUNCS)
def test_message_bigger_than_the_pipe(exercise, func):
    out, child = call(exercise, func, 0, BIG_GREETING)
    assert child.big and child.exitcode == 0, (
        f"the child sent a 300,000-character message (more than the 64 KiB a pipe holds); "
        f"{func}(0) returned {child.length} characters starting {child.message} and exitcode "
        f"{child.exitcode!r}. "
        + ("Read until end-of-file (a single os.read returns at most what it asks for, and "
           "maybe less), and read before waiting for the child."
           if func == "fork_child" else "recv() before join()."))


# --- every start method -----------------------------------------------------------

@pytest.mark.points(1)
@pytest.mark.timeout(20)
@pytest.mark.parametrize("method", ["forkserver", "spawn"])
def test_process_child_under(exercise, method):
    out, child = call(exercise, "process_child", 4, method=method)
    assert child.message.startswith(f"I am child process {child.pid} and my parent is "), (
        f"with the {method!r} start method, process_child(4) returned message "
        f"{child.message!r}; expected the greeting of the child, pid {child.pid}. Everything "
        f"the child runs must be defined at the top level of the module: a {method!r} child "
        f"starts a fresh interpreter and imports it by name.")
    assert child.exitcode == 4, (
        f"with the {method!r} start method, process_child(4) returned exitcode "
        f"{child.exitcode!r}; expected 4")

"""Quick checks for fork_basics.py: run `pytest` in this folder.

Each call runs in a fresh Python process (conclab/isolated.py), never inside
pytest itself: a forked child that forgets os._exit() would otherwise run
the rest of the tests a second time.  The graded tests check more (a child
that fails or is killed, a message bigger than a pipe, every start method).
"""
import pytest

from conclab import isolated


def run(exercise, call):
    getattr(exercise, call.split("(")[0])  # a missing function gets a clear message
    out = isolated.run(exercise.path, f"student.{call}", module=exercise.slug, timeout=2.0,
                       start_method="fork")
    lesson = out.lesson(call)
    if lesson:
        pytest.fail(lesson, pytrace=False)
    return out


@pytest.mark.parametrize("func", ["fork_child", "process_child"])
def test_child_says_hello_and_exits_with_the_code(exercise, func):
    out = run(exercise, f"{func}(3)")
    pid, message, exitcode = out.value
    assert message == f"I am child process {pid} and my parent is {out.pid}.", \
        f"{func}(3) returned message {message!r}: the child's greeting(), sent through the pipe"
    assert exitcode == 3, f"{func}(3) returned exitcode {exitcode!r}, expected 3"


@pytest.mark.parametrize("func", ["fork_child", "process_child"])
def test_child_is_waited_for(exercise, func):
    out = run(exercise, f"{func}(0)")
    pid = out.value[0]
    state = out.left.get(pid)
    assert state is None, (
        f"when {func}(0) returned, its child (pid {pid}) was "
        + ("a zombie: wait for it (os.waitpid / join)" if state == "Z" else "still running"))


def test_forked_child_never_returns(exercise):
    out = run(exercise, "fork_child(0)")
    assert not out.strays, (
        f"the forked child came back out of fork_child(): it {out.strays[0]['how']}. "
        f"End the child's branch with os._exit(...)")

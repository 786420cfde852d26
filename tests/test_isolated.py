"""conclab.isolated: a student's forking function, called in a fresh driver process."""
import textwrap

from conclab import isolated

STUDENT = '''
import os, time

def answer():
    return (6 * 7, "x")

def zombie():
    pid = os.fork()
    if pid == 0:
        os._exit(3)
    time.sleep(0.2)      # the child has ended; nobody waits for it
    return pid

def reaped():
    pid = os.fork()
    if pid == 0:
        os._exit(3)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)

def escapes():
    if os.fork() == 0:
        return "child"   # the classic mistake: no os._exit
    time.sleep(0.2)
    return "parent"

def hangs():
    time.sleep(60)

def raises():
    raise KeyError("k")
'''


def run(tmp_path, call, **kw):
    path = tmp_path / "student.py"
    path.write_text(textwrap.dedent(STUDENT))
    return isolated.run(path, call, module="student", **kw)


def test_return_value_comes_back_as_json(tmp_path):
    out = run(tmp_path, "student.answer()")
    assert out.status == "returned" and out.value == [42, "x"] and not out.strays


def test_zombie_is_seen_before_anyone_reaps_it(tmp_path):
    out = run(tmp_path, "student.zombie()")
    assert out.status == "returned"
    assert out.left == {out.value: "Z"}, out.left


def test_reaped_child_leaves_nothing(tmp_path):
    out = run(tmp_path, "student.reaped()")
    assert out.value == 3 and not out.left


def test_child_that_returns_is_a_stray(tmp_path):
    out = run(tmp_path, "student.escapes()")
    assert out.value == "parent" and [s["how"] for s in out.strays] == ["returned"], out


def test_hang_is_cut_off_and_raise_is_reported(tmp_path):
    out = run(tmp_path, "student.hangs()", timeout=0.5)
    assert out.status == "hung" and "did not return" in out.lesson("hangs()")
    out = run(tmp_path, "student.raises()")
    assert out.status == "raised" and "KeyError" in out.error

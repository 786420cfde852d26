"""Quick checks for process_queue.py: run `pytest` in this folder.

`transfer` runs in a fresh Python process (conclab/isolated.py) with a time
limit, and its `handle` is a recording task (conclab/tasks.py) that notes
each value and the process that handled it.  The graded tests check more
(every start method, a slow writer, big values, joined processes).
"""
import pytest

from conclab import isolated
from conclab.tasks import TaskLog

VALUES = [3, 1, 0, 4, 1, 5]


def run(exercise, tmp_path, **task):
    exercise.transfer  # a missing function gets a clear message
    log = TaskLog(tmp_path)
    out = isolated.run(exercise.path, f"student.transfer({VALUES!r}, handle=task)",
                       setup=f"from conclab.tasks import Task\n"
                             f"task = Task({str(log.folder)!r}, **{task!r})",
                       module=exercise.slug, timeout=3.0, start_method="fork")
    lesson = out.lesson("transfer(...)")
    if out.status == "hung":
        lesson += ": does the reader stop when it gets SENTINEL, and is SENTINEL put on the queue?"
    if lesson:
        pytest.fail(lesson, pytrace=False)
    return out, log


def test_every_value_once_in_order(exercise, tmp_path):
    out, log = run(exercise, tmp_path)
    got = [r.x for r in log.records()]
    assert got == VALUES, f"the reader handled {got}; expected {VALUES} (0 is a value too)"
    assert out.pid not in {r.pid for r in log.records()}, \
        "the values were handled in the parent: start a reader Process(target=read, ...)"


def test_reader_ends_by_itself(exercise, tmp_path):
    out, _ = run(exercise, tmp_path, sleep=0.01)
    assert out.value == [0, 0], (
        f"transfer() returned exit codes {out.value}; expected (0, 0). -15 means a process "
        f"was killed with terminate(): let the reader stop on SENTINEL instead")
    assert not out.left, f"processes still there when transfer() returned: {out.left}: join them"

"""What the course's notebooks call: load your module, check it, grade it.

A notebook's answer cell starts with ``%%writefile <slug>.py``: the student's
code is a real module beside the notebook, not a set of names in the kernel.
That is what makes the notebooks work where Jupyter usually does not:

- worker processes can import the student's functions by module name under
  every start method (fork, forkserver -- the Linux default from Python 3.14
  -- and spawn, the default on macOS and Windows); functions defined in a
  notebook cell only survive ``fork``;
- the self-check and the graders run in a pytest process of their own, with
  fresh event loops: a kernel already runs one (``asyncio.run`` fails there),
  and nothing the student's threads print reaches the kernel's stderr, which
  nbgrader would count against a grade cell.

Each grade cell calls :func:`grade` with one grader test; the exercise's
whole grader runs once per version of the module and every grade cell reads
its result.  The hidden part of a grade cell is that one call: there is no
test code in the notebook to leak into feedback.
"""
from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from conclab import catalog, selfcheck, target

_reports: dict[tuple[str, str], dict] = {}   # (slug, sha256 of the module) -> score report
GRADE_TIMEOUT = 540   # s for one exercise's whole grader: under nbgrader's Execute.timeout (600)


class NotebookFailure(AssertionError):
    """A failed check or grade, shown as its message alone (no traceback of ours)."""

    def _render_traceback_(self):   # IPython's hook for how an exception is displayed
        return [f"{type(self).__name__}: {self}"]


def module_file(slug: str) -> Path:
    """``<slug>.py`` beside the notebook, as written by the answer cell.

    Raises:
        NotebookFailure: it was not written.
    """
    path = Path.cwd() / f"{slug}.py"
    if not path.is_file():
        raise NotebookFailure(f"{slug}.py does not exist yet: run the cell that starts with "
                              f"`%%writefile {slug}.py` first / 请先运行以 "
                              f"`%%writefile {slug}.py` 开头的单元格")
    return path


def load(slug: str):
    """Import (again) the module the answer cell wrote, so you can try it here.

    Raises:
        NotebookFailure: the module is missing, has a syntax error, or fails to import.
    """
    path = module_file(slug)
    try:
        return target.import_file(path, slug)
    except target.LoadError as exc:
        raise NotebookFailure(str(exc)) from None


def check(slug: str) -> None:
    """Run the exercise's visible self-check on ``<slug>.py``; print what passed.

    Raises:
        NotImplementedError: a function still raises NotImplementedError.
        NotebookFailure: a check failed; the message says what was observed.
    """
    ex = catalog.by_slug(slug)
    path = module_file(slug)
    result = selfcheck.run(ex, path.parent)
    if result.ok:
        print(f"{slug}: every self-check passed / 自检全部通过")
        return
    text = "\n".join(f"- {reason}" for reason in result.reasons)
    if result.unfinished:
        raise NotImplementedError(f"{slug}: not written yet / 尚未完成\n{text}")
    raise NotebookFailure(f"{slug}: {len(result.reasons)} self-check(s) failed / 自检未通过\n{text}")


def report(slug: str) -> dict:
    """The grader's score report for the current ``<slug>.py`` (run once per version)."""
    from conclab.verify import grade_file
    path = module_file(slug)
    key = (slug, hashlib.sha256(path.read_bytes()).hexdigest())
    if key not in _reports:
        _reports[key] = grade_file(catalog.by_slug(slug), path, timeout=GRADE_TIMEOUT)
    return _reports[key]


def grade(slug: str, test: str) -> None:
    """Pass if grader test ``test`` (every parametrization of it) passed on ``<slug>.py``.

    A test the grader skipped (a speedup check on a machine too busy or with
    one core) is not held against the student.

    Raises:
        NotebookFailure: it failed, or grading stopped; the message is the grader's.
    """
    data = report(slug)
    if "error" in data:
        last = (data["error"].strip().splitlines() or ["no output"])[-1]
        raise NotebookFailure(f"grading {slug}.py stopped before it reported: {last}")
    tests = data.get("exercises", {}).get(slug, {}).get("tests", [])
    mine = tests_named(tests, test)
    if not mine:
        raise NotebookFailure(f"the {slug} grader has no test named {test}")
    failed = failure(mine)
    if failed:
        raise NotebookFailure(failed)
    for note in skip_notes(mine):
        print(note, file=sys.stdout)


# What a grade cell shows; also written into nbgrader's autograded notebooks
# by conclab.grading.nbgrader_sync.

def tests_named(tests: list[dict], test: str) -> list[dict]:
    """Every parametrization of grader test ``test`` among a report's ``tests``."""
    return [t for t in tests if t["name"].split("[")[0] == test]


def failure(mine: list[dict]) -> str:
    """The grader's messages for the tests in ``mine`` that did not pass ("" if none)."""
    lines = [t["message"] or t["outcome"] for t in mine
             if t["outcome"] not in ("passed", "skipped")]
    return "\n".join(dict.fromkeys(lines))


def skip_notes(mine: list[dict]) -> list[str]:
    """A line per skipped test: not measured here, not counted against the student."""
    return [f"{t['name']}: not measured here ({t['message']}); not counted against you"
            for t in mine if t["outcome"] == "skipped"]

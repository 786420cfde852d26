"""The integrity check: do the graders tell right from wrong?

For every exercise (rustlings' ``dev check``, nbgrader's small steps):

1. the generated stub scores 0;
2. the reference solution scores full marks;
3. every alternative correct solution in ``tests/mutants/<slug>/`` scores
   full marks;
4. every mutant there loses points, in each grader test its header names.

A mutant file starts with::

    # mutant: <the realistic mistake>
    # expect-fail: test_one, test_two

and an alternative with ``# alternative: <how it differs>`` and
``# expect: full``.  Each case is graded in its own pytest process, exactly
as a submission would be.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from conclab import catalog
from conclab.grade import grader_command

_HEADER = re.compile(r"^#\s*(mutant|alternative|expect-fail|expect)\s*:\s*(.*?)\s*$")


class HeaderError(Exception):
    """A mutant or alternative file does not say what it expects."""


@dataclass
class Case:
    exercise: catalog.Exercise
    kind: str                      # stub | solution | alternative | mutant
    source: Path                   # the file graded
    description: str = ""
    expect_fail: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        if self.kind in ("stub", "solution"):
            return f"{self.exercise.slug}:{self.kind}"
        return f"{self.exercise.slug}:{self.source.stem}"

    @property
    def should_pass(self) -> bool:
        return self.kind in ("solution", "alternative")


def read_header(path: Path) -> tuple[str, str, list[str]]:
    """(kind, description, expected failing tests) from a mutant file's header.

    Raises:
        HeaderError: no ``# mutant:``/``# alternative:`` line, or a mutant that
            names no test it must fail.
    """
    kind = description = None
    expect_fail: list[str] = []
    full = False
    for line in path.read_text(encoding="utf-8").splitlines()[:10]:
        match = _HEADER.match(line)
        if not match:
            continue
        key, value = match.groups()
        if key in ("mutant", "alternative"):
            kind, description = key, value
        elif key == "expect-fail":
            expect_fail += [name.strip() for name in value.split(",") if name.strip()]
        elif key == "expect" and value == "full":
            full = True
    if kind is None:
        raise HeaderError(f"{path}: starts with neither '# mutant:' nor '# alternative:'")
    if kind == "mutant" and not expect_fail:
        raise HeaderError(f"{path}: a mutant must name the tests it fails ('# expect-fail: ...')")
    if kind == "alternative" and (not full or expect_fail):
        raise HeaderError(f"{path}: an alternative must say '# expect: full' and nothing else")
    return kind, description, expect_fail


def cases(exercise: catalog.Exercise) -> list[Case]:
    """The stub, the solution, then every alternative and mutant of one exercise."""
    found = [Case(exercise, "stub", exercise.stub, "the generated stub"),
             Case(exercise, "solution", exercise.solution, "the reference solution")]
    if exercise.mutants.is_dir():
        for path in sorted(exercise.mutants.glob("*.py")):
            kind, description, expect_fail = read_header(path)
            found.append(Case(exercise, kind, path, description, expect_fail))
    return found


def all_cases(slugs: list[str] | None = None) -> list[Case]:
    chosen = catalog.exercises()
    if slugs:
        chosen = [catalog.by_slug(s) for s in slugs]
    return [case for ex in chosen for case in cases(ex)]


def grade_file(exercise: catalog.Exercise, source: Path, timeout: float = 300,
               extra_args: tuple[str, ...] = ()) -> dict:
    """Grade one file as ``<slug>.py`` of a submission; return the score report.

    The file is copied alone into a fresh folder, so it is graded exactly as a
    student's would be.  The report is ``conclab.score.Scoreboard.to_dict()``
    plus ``seconds`` and, when pytest wrote no report, ``error``.
    """
    with tempfile.TemporaryDirectory(prefix=f"conclab-{exercise.slug}-") as tmp:
        tmp = Path(tmp)
        target = tmp / "submission"
        target.mkdir()
        shutil.copy(source, target / f"{exercise.slug}.py")
        report_path = tmp / "score.json"
        cmd = grader_command(exercise, target, report_path, *extra_args)
        start = time.perf_counter()
        try:
            proc = subprocess.run(cmd, cwd=catalog.ROOT, capture_output=True, text=True,
                                  timeout=timeout, start_new_session=True)
            output = proc.stdout + proc.stderr
        except subprocess.TimeoutExpired as exc:
            output = f"grading timed out after {timeout} s\n{exc.stdout or ''}"
        seconds = time.perf_counter() - start
        if not report_path.exists():
            return {"earned": 0, "possible": 0, "exercises": {}, "seconds": seconds,
                    "error": output[-3000:]}
        report = json.loads(report_path.read_text())
        report["seconds"] = seconds
        report["output"] = output[-3000:]
        return report


@dataclass
class Verdict:
    case: Case
    ok: bool
    why: str
    earned: float
    possible: float
    seconds: float

    @property
    def false_pass(self) -> bool:
        return not self.ok and not self.case.should_pass

    @property
    def false_fail(self) -> bool:
        return not self.ok and self.case.should_pass


def judge(case: Case, report: dict) -> Verdict:
    """Whether the grader treated ``case`` as it should have."""
    earned, possible = report.get("earned", 0), report.get("possible", 0)
    seconds = report.get("seconds", 0.0)
    tests = report.get("exercises", {}).get(case.exercise.slug, {}).get("tests", [])
    failed = {t["name"].split("[")[0] for t in tests if t["outcome"] == "failed"}
    names = {t["name"].split("[")[0] for t in tests}

    def verdict(ok, why):
        return Verdict(case, ok, why, earned, possible, seconds)

    if "error" in report:
        return verdict(False, "the grader wrote no report:\n" + report["error"])
    if possible <= 0:
        return verdict(False, "the grader ran no graded test")
    if case.kind == "stub":
        return verdict(earned == 0, f"the stub scored {earned:g}/{possible:g}, expected 0")
    if case.should_pass:
        lost = [f"{t['name']}: {t['message']}" for t in tests if t["outcome"] == "failed"]
        return verdict(earned == possible,
                       f"scored {earned:g}/{possible:g}; failed: " + "; ".join(lost))
    unknown = [n for n in case.expect_fail if n not in names]
    if unknown:
        return verdict(False, f"the header names tests the grader does not have: {unknown}")
    # A named test that skipped (a speedup check on a busy machine) measured
    # nothing: it neither caught nor missed the mutant.  Every mutant must
    # also be caught by a named test that cannot skip, so a skip alone never
    # turns into a pass.
    skipped = {t["name"].split("[")[0] for t in tests if t["outcome"] == "skipped"} - failed
    survived = [n for n in case.expect_fail if n not in failed and n not in skipped]
    caught = [n for n in case.expect_fail if n in failed]
    if survived or not caught or earned >= possible:
        return verdict(False, f"survived {survived or 'every test'} "
                              f"(scored {earned:g}/{possible:g})")
    unmeasured = [n for n in case.expect_fail if n in skipped]
    note = f"; skipped: {unmeasured}" if unmeasured else ""
    return verdict(True, f"killed by {sorted(failed)} ({earned:g}/{possible:g}){note}")


def verify(case: Case, extra_args: tuple[str, ...] = ()) -> Verdict:
    return judge(case, grade_file(case.exercise, case.source, extra_args=extra_args))

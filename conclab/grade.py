"""Grade a folder of submissions: one pytest process per student and exercise.

The pipeline is a short list of named steps (nbgrader's converters):
``discover`` the submissions, ``grade_one`` each exercise of each, then
``write_csv`` and ``summary_table``.  An exercise that crashes or hangs its
grader costs that exercise only; every student gets a row.
"""
from __future__ import annotations

import csv
import json
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from conclab import catalog

GRADER_TIMEOUT = 300  # seconds for one exercise of one submission; tests have their own


@dataclass
class ExerciseResult:
    slug: str
    earned: float = 0.0
    possible: float = 0.0
    error: str = ""
    tests: list = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class StudentResult:
    student: str
    exercises: dict[str, ExerciseResult] = field(default_factory=dict)

    @property
    def earned(self) -> float:
        return sum(e.earned for e in self.exercises.values())

    @property
    def possible(self) -> float:
        return sum(e.possible for e in self.exercises.values())


def discover(submissions: Path) -> list[Path]:
    """One folder per student, named by the student's id, in name order."""
    return sorted(p for p in Path(submissions).iterdir()
                  if p.is_dir() and not p.name.startswith((".", "_")))


def grader_command(ex: catalog.Exercise, target: Path, report: Path, *extra: str) -> list[str]:
    """The pytest command that grades ``ex`` in ``target`` and writes ``report``."""
    return [sys.executable, "-m", "pytest", str(ex.grader), "--target", str(Path(target).resolve()),
            "--score-json", str(report), "-q", "--rootdir", str(catalog.ROOT),
            "-p", "no:cacheprovider", *extra]


def grade_one(student_dir: Path, ex: catalog.Exercise, out_dir: Path) -> ExerciseResult:
    """Run one exercise's grader on one submission in its own process."""
    report = out_dir / student_dir.name / f"{ex.slug}.json"
    report.parent.mkdir(parents=True, exist_ok=True)
    report.unlink(missing_ok=True)
    cmd = grader_command(ex, student_dir, report)
    start = time.perf_counter()
    try:
        proc = subprocess.run(cmd, cwd=catalog.ROOT, capture_output=True, text=True,
                              timeout=GRADER_TIMEOUT, start_new_session=True)
        tail = (proc.stdout + proc.stderr)[-2000:]
    except subprocess.TimeoutExpired:
        tail = f"the grader did not finish in {GRADER_TIMEOUT} s"
    result = ExerciseResult(ex.slug, seconds=time.perf_counter() - start)
    if not report.exists():
        result.error = "grading stopped without a report: " + tail.strip().splitlines()[-1:][0] \
            if tail.strip() else "grading stopped without a report"
        return result
    data = json.loads(report.read_text()).get("exercises", {}).get(ex.slug, {})
    result.earned, result.possible = data.get("earned", 0.0), data.get("possible", 0.0)
    result.tests = data.get("tests", [])
    return result


def grade_all(submissions: Path, out_dir: Path, progress=None) -> list[StudentResult]:
    exercises = catalog.exercises()
    results = []
    for student_dir in discover(submissions):
        student = StudentResult(student_dir.name)
        for ex in exercises:
            student.exercises[ex.slug] = grade_one(student_dir, ex, out_dir)
            if progress:
                progress(student_dir.name, ex.slug)
        results.append(student)
    return results


def write_csv(results: list[StudentResult], path: Path) -> None:
    slugs = [ex.slug for ex in catalog.exercises()]
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["student", *slugs, "total", "possible"])
        for r in results:
            writer.writerow([r.student, *(f"{r.exercises[s].earned:g}" for s in slugs),
                             f"{r.earned:g}", f"{r.possible:g}"])


STUDENT_COLUMNS = 6   # more students than this: per-exercise statistics instead


def summary_table(results: list[StudentResult]):
    """One row per exercise (21 of them do not fit across a terminal).

    A few students get a column each; a class gets the mean score and how many
    students earned full marks and nothing.
    """
    from rich.table import Table
    table = Table(title="conclab grades")
    table.add_column("exercise")
    few = len(results) <= STUDENT_COLUMNS
    heads = [r.student for r in results] if few else ["mean", "full marks", "zero"]
    for head in heads:
        table.add_column(head, justify="right")
    for ex in catalog.exercises():
        graded = [r.exercises[ex.slug] for r in results]
        if few:
            cells = ["error" if e.error else f"{e.earned:g}/{e.possible:g}" for e in graded]
        else:
            mean = sum(e.earned / e.possible for e in graded if e.possible) / max(1, len(graded))
            cells = [f"{mean:.0%}",
                     str(sum(1 for e in graded if e.possible and e.earned == e.possible)),
                     str(sum(1 for e in graded if e.earned == 0))]
        table.add_row(ex.slug, *cells)
    if few:
        table.add_row("total", *(f"{r.earned:g}/{r.possible:g}" for r in results), style="bold")
    return table

"""Put ``conclab grade``'s results into an nbgrader course, as autograde would.

For instructors who live in nbgrader: after ``nbgrader generate_assignment``
the course's ``gradebook.db`` knows every notebook and grade cell.  This step
fills, for each student and graded exercise,

- the ``auto_score`` of every grade cell (``<slug>-<test>``) in that
  gradebook, so ``nbgrader export`` gives conclab's scores;
- ``autograded/<student>/<part>/<slug>.ipynb``: the released notebook with the
  student's code in its answer cell and each grade cell's outcome as its
  output, so ``nbgrader generate_feedback`` shows what the grader saw.

A grade cell scores what its grader test earned (parametrizations added up).
A test the grader skipped (a speedup check on one core) earns its points, as
it does in the notebooks, because nbgrader cannot leave it out of a student's
maximum.  Nothing is executed here: the scores come from the sandboxed runs.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

import nbformat

from conclab import catalog
from conclab.grading import submissions
from conclab.grading.runner import ExerciseScore, StudentScore
from conclab.notebook import failure, skip_notes, tests_named


def cell_scores(slug: str, score: ExerciseScore, cells: dict[str, float]) -> dict[str, float]:
    """``{grade_id: auto_score}`` for one exercise's grade cells (``{grade_id: max}``)."""
    out = {}
    for grade_id, most in cells.items():
        mine = tests_named(score.tests, grade_id[len(slug) + 1:])
        if not mine:   # not handed in, unreadable, or its run died
            out[grade_id] = 0.0
            continue
        earned = sum(t["points"] if t["outcome"] == "skipped" else t["earned"] for t in mine)
        out[grade_id] = min(float(most), earned)
    return out


def _outputs(score: ExerciseScore, test: str) -> list:
    """What the grade cell would have shown had nbgrader run it (conclab.notebook.grade)."""
    mine = tests_named(score.tests, test)
    if not mine:
        why = score.error or "this test did not run"
        return [nbformat.v4.new_output("error", ename="NotGraded", evalue=why, traceback=[why])]
    failed = failure(mine)
    if failed:
        return [nbformat.v4.new_output("error", ename="NotebookFailure", evalue=failed,
                                       traceback=[f"NotebookFailure: {failed}"])]
    notes = "".join(f"{line}\n" for line in skip_notes(mine))
    return [nbformat.v4.new_output("stream", name="stdout", text=notes)] if notes else []


def autograded_notebook(released: Path, slug: str, module: str | None,
                        score: ExerciseScore) -> nbformat.NotebookNode:
    """The released notebook with the student's code and the grader's outcomes in it."""
    nb = nbformat.read(released, as_version=4)
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        grade_id = meta.get("grade_id", "")
        if grade_id == f"{slug}-answer" and module is not None:
            cell.source = f"%%writefile {slug}.py\n{module.rstrip()}"
        elif meta.get("grade") and cell.cell_type == "code":
            cell.outputs = _outputs(score, grade_id[len(slug) + 1:])
    return nb


def write(results: list[StudentScore], submissions_dir: Path, course: Path) -> list[str]:
    """Write ``results`` into the nbgrader course at ``course``; what could not be written.

    Raises:
        FileNotFoundError: ``course`` has no ``gradebook.db`` (no assignment generated yet).
    """
    from nbgrader.api import Gradebook, MissingEntry

    db = course / "gradebook.db"
    if not db.is_file():
        raise FileNotFoundError(f"{db} does not exist: run `nbgrader generate_assignment "
                                f"<part>` in {course} first")
    parts = {ex.slug: ex.part for ex in catalog.exercises()}
    problems: list[str] = []
    modules = _modules(results, submissions_dir)
    with Gradebook(f"sqlite:///{db}") as gb:
        known = {a.name: {nb.name: {c.name: c.max_score for c in nb.grade_cells}
                          for nb in a.notebooks}
                 for a in gb.assignments}
        for result in results:
            student = result.student
            gb.update_or_create_student(student)
            submitted: set[str] = set()
            for slug, score in result.exercises.items():
                part = parts[slug]
                if part not in known:
                    problems.append(f"{part}: not in {db}; run `nbgrader generate_assignment "
                                    f"{part}` first")
                    continue
                if part not in submitted:
                    try:
                        gb.find_submission(part, student)
                    except MissingEntry:
                        gb.add_submission(part, student)
                    submitted.add(part)
                if slug not in known[part]:
                    continue
                for grade_id, value in cell_scores(slug, score, known[part][slug]).items():
                    grade = gb.find_grade(grade_id, slug, part, student)
                    grade.auto_score = value
                    grade.needs_manual_grade = grade.manual_score is not None
                gb.db.commit()
                _write_notebook(course, student, part, slug, modules.get((student, slug)),
                                score, problems)
    return list(dict.fromkeys(problems))


def _write_notebook(course: Path, student: str, part: str, slug: str, module: str | None,
                    score: ExerciseScore, problems: list[str]) -> None:
    released = course / "release" / part / f"{slug}.ipynb"
    if not released.is_file():
        problems.append(f"{released} does not exist: no feedback notebook for {part}/{slug}")
        return
    target = course / "autograded" / student / part / f"{slug}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(autograded_notebook(released, slug, module, score), target)


def _modules(results: list[StudentScore], submissions_dir: Path) -> dict[tuple[str, str], str]:
    """Each student's code per exercise, read again the way grading read it."""
    out = {}
    slugs = list(results[0].exercises) if results else []
    with tempfile.TemporaryDirectory(prefix="conclab-nbgrader-") as tmp:
        for result in results:
            entry = submissions_dir / result.student
            scratch = Path(tempfile.mkdtemp(dir=tmp))
            for slug, text in submissions.prepare(entry, slugs, scratch).modules.items():
                out[(result.student, slug)] = text
    return out

"""``conclab grade``, step by step: prepare, plan, grade (two phases), report.

1. ``prepare`` every submission (:mod:`conclab.grading.submissions`);
2. ``plan`` the runs still to do: one per exercise and phase, minus those the
   gradebook already holds for the same module and graders;
3. grade the ``main`` phase (every test not marked ``timing``) ``jobs`` at a
   time, then the ``timing`` phase one run at a time, with nothing beside it:
   speedup and wall-clock checks need the CPU to themselves;
4. each run goes through :mod:`conclab.grading.sandbox`, reports through
   :mod:`conclab.grading.channel`, and is stored at once in the gradebook;
5. the results are read back from the gradebook -- the only source of truth,
   so an interrupted and resumed class ends as an uninterrupted one.
"""
from __future__ import annotations

import os
import queue
import shutil
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from conclab import catalog
from conclab.grading import plan, sandbox, submissions
from conclab.grading.channel import Reader
from conclab.grading.gradebook import Gradebook, Run


@dataclass
class Job:
    student: str
    slug: str
    phase: str
    text: str
    content: str
    graders: str


@dataclass
class ExerciseScore:
    slug: str
    earned: float = 0.0
    possible: float = 0.0
    error: str = ""
    tests: list = field(default_factory=list)


@dataclass
class StudentScore:
    student: str
    error: str = ""
    exercises: dict[str, ExerciseScore] = field(default_factory=dict)
    layers: set = field(default_factory=set)

    @property
    def earned(self) -> float:
        return sum(e.earned for e in self.exercises.values())

    @property
    def possible(self) -> float:
        return sum(e.possible for e in self.exercises.values())


# ------------------------------------------------------------------ the steps

def make_jobs(prepared: list[submissions.Prepared], book: Gradebook,
              tests: dict[str, list[plan.TestInfo]], digests: dict[str, str],
              force: bool) -> list[Job]:
    jobs = []
    for sub in prepared:
        book.set_student(sub.student, sub.error, sub.problems)
        for slug in tests:
            if slug not in sub.modules:
                book.forget(sub.student, slug, set())
                continue
            phases = plan.phases_of(tests[slug])
            book.forget(sub.student, slug, set(phases))
            for phase in phases:
                content = sub.digest(slug)
                if not force and book.is_fresh(sub.student, slug, phase, content, digests[slug]):
                    continue
                jobs.append(Job(sub.student, slug, phase, sub.modules[slug], content,
                                digests[slug]))
    return jobs


def grade_job(job: Job, expected: list[plan.TestInfo], tmp: Path, slot: int,
              limits: sandbox.Limits) -> Run:
    """One phase of one exercise of one student, in the sandbox."""
    ex = catalog.by_slug(job.slug)
    runroot = Path(tempfile.mkdtemp(prefix=f"{job.student[:20]}-{job.slug}-", dir=tmp))
    os.chmod(runroot, 0o711)   # the slot's uid passes through to its own work folder
    try:
        return _grade_in(job, ex, runroot, expected, slot, limits)
    finally:
        shutil.rmtree(runroot, ignore_errors=True)


def _grade_in(job: Job, ex: catalog.Exercise, runroot: Path, expected: list[plan.TestInfo],
              slot: int, limits: sandbox.Limits) -> Run:
    work, stage = runroot / "work", sandbox.stage_folder()
    submission = work / "submission"
    submission.mkdir(parents=True)
    (submission / f"{job.slug}.py").write_text(job.text, encoding="utf-8")
    reader = Reader()
    report_fd, key_fd = reader.child_fds
    cmd = [sys.executable, "-m", "pytest", str(ex.grader), "--target", str(submission),
           "-q", "--rootdir", str(catalog.ROOT), "-p", "no:cacheprovider",
           "--report-fd", str(report_fd), "--key-fd", str(key_fd),
           "-m", "timing" if job.phase == "timing" else "not timing"]
    layers = sandbox.probe()
    if layers.uid:
        os.chown(submission, sandbox.UID_BASE + slot, sandbox.UID_BASE + slot)
    reader.start()
    try:
        result = sandbox.run(cmd, workdir=work, stage=stage, grader=ex.grader, slot=slot,
                             limits=limits, env=_child_env(work), pass_fds=reader.child_fds)
    finally:
        reader.close_child_ends()
        shutil.rmtree(stage, ignore_errors=True)
    got = reader.finish()
    tests = _merge(expected, got, result)
    error = ""
    if got.tampered:
        error = ("the grading process was tampered with (its reporting said a test that "
                 "must fail had passed): no result of this run counts")
    elif result.timed_out:
        error = f"grading did not finish within {limits.wall:g} s"
    elif not got.done:
        error = _died(result)
    return Run(job.student, job.slug, job.phase, job.content, job.graders, tests, error,
               ",".join(result.layers), result.seconds)


def _child_env(work: Path) -> dict:
    # Nothing of the instructor's environment (tokens, paths) reaches the submission.
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(work),
            "LANG": "C.UTF-8", "PYTHONDONTWRITEBYTECODE": "1", "PYTHONHASHSEED": "0",
            "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost",
            "TMPDIR": str(work)}


def _died(result: sandbox.Result) -> str:
    last = [line for line in result.output.strip().splitlines() if line.strip()][-1:]
    return ("grading stopped before it ended (exit status "
            f"{result.returncode}){': ' + last[0][:300] if last else ''}; the tests that had not "
            f"reported score nothing")


def _merge(expected: list[plan.TestInfo], got, result: sandbox.Result) -> list[dict]:
    """Every expected test with the outcome its signed line reported, else nothing earned."""
    tests = []
    for info in expected:
        reported = got.outcomes.get(info.nodeid)
        if got.tampered:
            outcome, message = "failed", "grading was tampered with"
        elif reported is None:
            outcome = "not run"
            message = ("grading stopped before this test reported"
                       if not result.timed_out else "grading ran out of time before this test")
        else:
            outcome, message = reported.get("outcome", "not run"), reported.get("message", "")
        tests.append({"name": info.name, "nodeid": info.nodeid, "points": info.points,
                      "timing": info.timing, "outcome": outcome, "message": message,
                      "timeline": (reported or {}).get("timeline") or [],
                      "earned": info.points if outcome == "passed" else 0.0})
    return tests


# --------------------------------------------------------------- the pipeline

def grade_class(submissions_dir: Path, out: Path, *, jobs: int = 1, force: bool = False,
                limits: sandbox.Limits = sandbox.Limits(), progress=None,
                only: list[str] | None = None) -> list[StudentScore]:
    """Grade every submission into ``out``; the scores, read back from the gradebook.

    ``progress(None, total)`` is called once with the number of runs to do,
    then ``progress(job, run)`` after each.  ``only``: grade these exercises.
    """
    out.mkdir(parents=True, exist_ok=True)
    sandbox.stopping.clear()
    book = Gradebook(out / "gradebook.sqlite")
    try:
        tests = plan.collect()
        if only:
            tests = {slug: tests[slug] for slug in only}
        exercises = {ex.slug: ex for ex in catalog.exercises()}
        digests = {slug: plan.graders_digest(exercises[slug]) for slug in tests}
        with tempfile.TemporaryDirectory(prefix="conclab-grade-") as tmp:
            tmp = Path(tmp)
            os.chmod(tmp, 0o711)   # runs of other uids pass through; nobody lists it
            entries = submissions.discover(submissions_dir)
            prepared = []
            for entry in entries:
                scratch = Path(tempfile.mkdtemp(prefix="unzip-", dir=tmp))
                prepared.append(submissions.prepare(entry, list(tests), scratch))
            todo = make_jobs(prepared, book, tests, digests, force)
            if progress:
                progress(None, len(todo))
            _run_phase([j for j in todo if j.phase == "main"], tests, tmp, book, jobs, limits,
                       progress)
            _run_phase([j for j in todo if j.phase == "timing"], tests, tmp, book, 1, limits,
                       progress)
        return scores(book, [p.student for p in prepared], tests)
    finally:
        book.close()


def _run_phase(todo: list[Job], tests, tmp: Path, book: Gradebook, jobs: int,
               limits: sandbox.Limits, progress) -> None:
    slots: queue.Queue[int] = queue.Queue()
    for slot in range(max(1, jobs)):
        slots.put(slot)

    def one(job: Job) -> None:
        expected = [t for t in tests[job.slug] if t.timing == (job.phase == "timing")]
        slot = slots.get()
        try:
            run = grade_job(job, expected, tmp, slot, limits)
        finally:
            slots.put(slot)
        if sandbox.stopping.is_set():
            return   # killed by the interrupt, not by its own code: not a result
        book.record(run)
        if progress:
            progress(job, run)

    pool = ThreadPoolExecutor(max_workers=max(1, jobs))
    try:
        for future in [pool.submit(one, job) for job in todo]:
            future.result()
    except BaseException:
        # Ctrl-C (or a bug): drop what has not started, kill what runs, store
        # nothing they leave; every run stored before stays, and the next
        # run resumes from there.
        pool.shutdown(wait=False, cancel_futures=True)
        sandbox.kill_all()
        pool.shutdown(wait=True)
        raise
    pool.shutdown()


def scores(book: Gradebook, students: list[str],
           tests: dict[str, list[plan.TestInfo]]) -> list[StudentScore]:
    """Every student's score per exercise, from the gradebook alone."""
    known = book.students()
    runs: dict[tuple[str, str], list[Run]] = {}
    for run in book.runs():
        runs.setdefault((run.student, run.exercise), []).append(run)
    out = []
    for student in students:
        error, problems = known.get(student, ("", {}))
        result = StudentScore(student, error)
        for slug, infos in tests.items():
            full = sum(t.points for t in infos)
            score = ExerciseScore(slug, possible=full)
            mine = runs.get((student, slug), [])
            if error:
                score.error = error
            elif problems.get(slug):
                score.error = problems[slug]
            elif not mine:
                score.error = "not handed in"
            else:
                score.tests = [t for run in sorted(mine, key=lambda r: r.phase) for t in run.tests]
                graded = [t for t in score.tests if t["outcome"] != "skipped"]
                score.earned = sum(t["earned"] for t in graded)
                score.possible = sum(t["points"] for t in graded)
                score.error = "; ".join(r.error for r in mine if r.error)
                result.layers |= {name for r in mine for name in r.layers.split(",") if name}
            result.exercises[slug] = score
        out.append(result)
    return out

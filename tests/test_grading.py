"""conclab grade: submissions in every form, a hostile class, reports, resuming."""
import hashlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import nbformat
import pytest

from conclab import catalog, nbbuild
from conclab.grading import channel, reports, runner, sandbox, submissions

ROOT = catalog.ROOT
ADVERSARIAL = Path(__file__).parent / "adversarial"
LOCK_RACE = catalog.by_slug("lock_race")
THREAD_LOCAL = catalog.by_slug("thread_local")
SLUGS = ["lock_race", "thread_local"]

needs_sandbox = pytest.mark.skipif(
    not (sandbox.probe().pidns and sandbox.probe().uid),
    reason="needs root and unshare (pid, mount and net namespaces, a uid per slot): without "
           "them a fork bomb or a stray process would reach this machine")


# --------------------------------------------------------------- submissions

def prepared(folder, tmp_path):
    scratch = tmp_path / "scratch"
    scratch.mkdir(exist_ok=True)
    return submissions.prepare(folder, SLUGS, scratch)


def test_every_layout_is_read(tmp_path):
    text = LOCK_RACE.solution.read_text()
    for layout in ("02_threads/02_lock_race/lock_race.py", "02_threads/lock_race.py",
                   "lock_race.py"):
        student = tmp_path / layout.replace("/", "_")
        (student / layout).parent.mkdir(parents=True)
        (student / layout).write_text(text)
        got = prepared(student, tmp_path)
        assert got.modules == {"lock_race": text} and not got.error and not got.problems


def test_a_notebook_gives_its_answer_cell_without_running_it(tmp_path):
    nb = nbformat.read(nbbuild.notebook_path(LOCK_RACE), as_version=4)
    for cell in nb.cells:   # a submission has no hidden tests; and nothing here may run
        if cell.metadata.nbgrader.get("grade"):
            cell.source = "raise SystemExit('a notebook cell ran')"
    student = tmp_path / "nb"
    student.mkdir()
    nbformat.write(nb, student / "lock_race.ipynb")
    (student / "thread_local.ipynb").write_text("{ this is not json")
    got = prepared(student, tmp_path)
    assert got.modules["lock_race"] == LOCK_RACE.solution.read_text().rstrip("\n")
    assert "not a readable notebook" in got.problems["thread_local"]


def test_a_zip_is_unpacked_and_a_climbing_one_refused(tmp_path):
    good, bad = tmp_path / "good", tmp_path / "bad"
    good.mkdir(), bad.mkdir()
    with zipfile.ZipFile(good / "hw.zip", "w") as zf:
        zf.writestr("hw/02_threads/lock_race.py", "balance = 0\n")
    with zipfile.ZipFile(bad / "hw.zip", "w") as zf:
        zf.writestr("lock_race.py", "balance = 0\n")
        zf.writestr("../../outside.txt", "gotcha")
    assert prepared(good, tmp_path).modules == {"lock_race": "balance = 0\n"}
    scratch = tmp_path / "bad-scratch"
    scratch.mkdir()
    refused = submissions.prepare(bad, SLUGS, scratch)
    assert "points outside the archive" in refused.error
    assert not list(scratch.rglob("*")) and not (tmp_path.parent / "outside.txt").exists()


def test_links_empty_folders_and_stray_files_are_errors(tmp_path):
    linked = tmp_path / "linked"
    linked.mkdir()
    (linked / "lock_race.py").symlink_to(LOCK_RACE.solution)
    assert "outside the submission" in prepared(linked, tmp_path).problems["lock_race"]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert "nothing to grade" in prepared(empty, tmp_path).error
    stray = tmp_path / "notes.txt"
    stray.write_text("hi")
    assert "is not a folder" in prepared(stray, tmp_path).error


# ------------------------------------------------------------------ channel

def test_only_signed_lines_count():
    reader = channel.Reader()
    writer_fd, key_fd = reader.child_fds
    reader.start()
    writer = channel.Writer(writer_fd, key_fd)
    writer.send(event="outcome", nodeid="t::a", outcome="failed", message="no")
    forged = channel.sign(b"wrong key", {"event": "outcome", "nodeid": "t::a", "outcome": "passed"})
    os.write(writer_fd, forged + b"not even json\n")
    writer.send(event="done")
    reader.close_child_ends()
    got = reader.finish()
    assert got.outcomes["t::a"]["outcome"] == "failed" and got.done and got.forged == 2


# ------------------------------------------------------ the hostile class

def tree_digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        h.update(str(path.relative_to(folder)).encode() + path.read_bytes())
    return h.hexdigest()


def leftover_processes(marker: str) -> list[str]:
    found = []
    for entry in Path("/proc").iterdir():
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, ValueError):
            continue
        if marker in cmdline:
            found.append(f"{entry.name}: {cmdline}")
    return found


@needs_sandbox
@pytest.mark.timeout(600)
def test_a_hostile_class_beside_a_perfect_submission(tmp_path):
    klass = tmp_path / "class"
    for attack in sorted(ADVERSARIAL.glob("*.py")):
        (klass / attack.stem).mkdir(parents=True)
        shutil.copy(attack, klass / attack.stem / "lock_race.py")
    (klass / "perfect").mkdir()
    shutil.copy(LOCK_RACE.solution, klass / "perfect" / "lock_race.py")
    (klass / "zip_slip").mkdir()
    with zipfile.ZipFile(klass / "zip_slip" / "hw.zip", "w") as zf:
        zf.writestr("../../escaped_by_zip.txt", "gotcha")
        zf.writestr("lock_race.py", LOCK_RACE.solution.read_text())
    (klass / "stray_file.txt").write_text("a file where a folder should be")
    before = {"class": tree_digest(klass), "repo": _git_state()}
    out = tmp_path / "out"

    results = runner.grade_class(klass, out, jobs=2, only=["lock_race"],
                                 limits=sandbox.Limits(wall=30, address_space=2 << 30,
                                                       processes=256))
    by_student = {r.student: r.exercises["lock_race"] for r in results}
    students = {p.name for p in klass.iterdir()}
    assert set(by_student) == students
    perfect = by_student.pop("perfect")
    assert perfect.earned == perfect.possible > 0, perfect
    scored = {s: e.earned for s, e in by_student.items() if e.earned}
    assert not scored, f"attacks that scored: {scored}"
    assert "tampered" in by_student["monkeypatched_pytest"].error
    assert "points outside" in by_student["zip_slip"].error

    assert leftover_processes("98765") == []     # stray_child's sleeps
    assert tree_digest(klass) == before["class"] and _git_state() == before["repo"]
    for escaped in (tmp_path / "escaped_by_zip.txt", Path("/tmp/score.json"),
                    Path("/tmp/escaped_by_zip.txt")):
        assert not escaped.exists(), escaped
    with sqlite3.connect(out / "gradebook.sqlite") as db:
        rows = {s for (s,) in db.execute("SELECT student FROM students")}
    assert rows == students


def _git_state() -> str:
    proc = subprocess.run(["git", "status", "--porcelain", "--ignored=no"], cwd=ROOT,
                          capture_output=True, text=True)
    return proc.stdout


# ------------------------------------------------ reports, reruns, resuming

def small_class(folder: Path) -> Path:
    """Three students, two quick exercises: full marks, a typical mistake, nothing."""
    for student in ("ann", "bob", "cat"):
        (folder / student).mkdir(parents=True)
    for ex in (LOCK_RACE, THREAD_LOCAL):
        shutil.copy(ex.solution, folder / "ann" / f"{ex.slug}.py")
    shutil.copy(LOCK_RACE.mutants / "no_lock.py", folder / "bob" / "lock_race.py")
    shutil.copy(THREAD_LOCAL.solution, folder / "bob" / "thread_local.py")
    (folder / "cat" / "lock_race.py").write_text("def run_bank(amounts, times)\n")
    return folder


def gradebook_scores(out: Path) -> dict:
    with sqlite3.connect(out / "gradebook.sqlite") as db:
        rows = db.execute("SELECT student, exercise, phase, tests, error FROM runs").fetchall()
    return {(s, e, ph): ([(t["name"], t["outcome"]) for t in json.loads(tests)], err)
            for s, e, ph, tests, err in rows}


def cli(*args, stderr=subprocess.STDOUT):
    return subprocess.Popen([sys.executable, "-m", "conclab.cli", "grade", *args], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=stderr, text=True)


@pytest.mark.timeout(600)
def test_reports_then_a_killed_run_resumes_to_the_same_gradebook(tmp_path):
    klass = small_class(tmp_path / "class")
    whole, broken = tmp_path / "whole", tmp_path / "broken"
    proc = cli(str(klass), "--out", str(whole), "--exercises", *SLUGS, "--jobs", "2")
    out, _ = proc.communicate(timeout=300)
    assert proc.returncode == 0, out

    rows = (whole / "grades.csv").read_text().splitlines()
    assert rows[0] == "student,lock_race,thread_local,total,possible,error"
    ann, bob, cat = (row.split(",") for row in rows[1:])
    assert ann[3] == ann[4] and float(bob[3]) < float(bob[4]) and cat[1] == "0"
    results = json.loads((whole / "bob" / "results.json").read_text())
    assert {"score", "max_score", "name", "output", "visibility"} <= set(results["tests"][0])
    page = (whole / "bob" / "feedback.html").read_text()
    assert "an update was lost" in page and "def test_" not in page
    assert "(0/4)" in (whole / "bob" / "feedback.md").read_text()

    proc = cli(str(klass), "--out", str(broken), "--exercises", *SLUGS, "--jobs", "1")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:   # kill it once the first runs are stored
        if (broken / "gradebook.sqlite").exists() and _runs(broken) >= 2:
            break
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.communicate()
    assert 2 <= _runs(broken) < len(gradebook_scores(whole))
    proc = cli(str(klass), "--out", str(broken), "--exercises", *SLUGS, "--jobs", "2")
    out, _ = proc.communicate(timeout=300)
    assert proc.returncode == 0, out
    assert gradebook_scores(broken) == gradebook_scores(whole)
    assert (broken / "grades.csv").read_text() == (whole / "grades.csv").read_text()

    proc = cli(str(klass), "--out", str(broken), "--exercises", *SLUGS, "--json",
               stderr=subprocess.DEVNULL)   # progress and layers go to stderr
    out, _ = proc.communicate(timeout=120)
    assert json.loads(out)["students"]["ann"]["earned"] == float(ann[3])


@needs_sandbox
@pytest.mark.timeout(120)
def test_ctrl_c_kills_every_run_and_stores_none_it_cut_short(tmp_path):
    klass = tmp_path / "class"
    for student in ("ann", "zed"):
        (klass / student).mkdir(parents=True)
    shutil.copy(LOCK_RACE.solution, klass / "ann" / "lock_race.py")
    (klass / "zed" / "lock_race.py").write_text(   # hangs, with a child of its own
        "import subprocess, time\nsubprocess.Popen(['sleep', '24681357'])\n"
        "time.sleep(10**6)\n")
    out = tmp_path / "out"
    # Started with SIGINT as a terminal would deliver it, whatever this worker inherited.
    proc = subprocess.Popen(
        [sys.executable, "-m", "conclab.cli", "grade", str(klass), "--out", str(out),
         "--exercises", "lock_race", "--jobs", "1"], cwd=ROOT, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and not leftover_processes("24681357"):
        time.sleep(0.05)
    assert leftover_processes("24681357"), "zed's run never started"
    stored = gradebook_scores(out)
    proc.send_signal(signal.SIGINT)
    text, _ = proc.communicate(timeout=30)
    assert proc.returncode == 130, text
    assert "the same command again grades only what is left" in text
    assert leftover_processes("24681357") == []
    assert gradebook_scores(out) == stored           # zed's killed run is not a result
    assert {student for student, _, _ in stored} == {"ann"}


def _runs(out: Path) -> int:
    try:
        with sqlite3.connect(out / "gradebook.sqlite", timeout=5) as db:
            return db.execute("SELECT count(*) FROM runs").fetchone()[0]
    except sqlite3.Error:
        return 0


def test_a_rerun_grades_nothing_that_is_unchanged(tmp_path):
    klass = tmp_path / "class"
    (klass / "ann").mkdir(parents=True)
    shutil.copy(LOCK_RACE.solution, klass / "ann" / "lock_race.py")
    totals = []
    for _ in range(2):
        runner.grade_class(klass, tmp_path / "out", only=["lock_race"],
                           progress=lambda job, n: totals.append(n) if job is None else None)
    assert totals == [1, 0]
    (klass / "ann" / "lock_race.py").write_text("balance = 0\n")   # a new version
    runner.grade_class(klass, tmp_path / "out", only=["lock_race"],
                       progress=lambda job, n: totals.append(n) if job is None else None)
    assert totals[-1] == 1


def test_timeline_pictures_in_feedback():
    svg = reports.timeline_svg([{"worker": "conn 1", "start": 0.0, "end": 0.1, "label": "/a"},
                                {"worker": "conn 2", "start": 0.1, "end": 0.2, "label": "/b"}])
    assert svg.startswith("<svg") and svg.count("<rect") == 2 and "200 ms" in svg


def test_nbgrader_cells_score_what_their_tests_earned():
    from conclab.grading.nbgrader_sync import cell_scores
    from conclab.grading.runner import ExerciseScore
    t = lambda name, outcome, points, earned: {"name": name, "outcome": outcome,  # noqa: E731
                                               "points": points, "earned": earned, "message": ""}
    score = ExerciseScore("ex", tests=[t("test_a[1]", "passed", 1, 1), t("test_a[2]", "failed", 1, 0),
                                       t("test_speedup", "skipped", 2, 0)])
    cells = {"ex-test_a": 2, "ex-test_speedup": 2, "ex-test_gone": 1}
    # Parametrizations add up; a skipped speedup check is not held against the
    # student (as in the notebooks); a test that never reported earns nothing.
    assert cell_scores("ex", score, cells) == {"ex-test_a": 1, "ex-test_speedup": 2,
                                               "ex-test_gone": 0}
    missing = ExerciseScore("ex", error="not handed in")
    assert cell_scores("ex", missing, cells) == {c: 0 for c in cells}


@needs_sandbox
def test_an_interpreter_in_tmp_stays_visible_and_read_only(tmp_path, monkeypatch):
    # An instructor's virtualenv in /tmp: the fresh tmpfs over /tmp hid it, and
    # every run died with "failed to execute .../bin/python" (all zeros).
    venv = tmp_path / "venv"
    (venv / "lib").mkdir(parents=True)
    marker = venv / "lib" / "marker.txt"
    marker.write_text("here")
    real = sandbox._interpreter_paths()
    monkeypatch.setattr(sandbox, "_interpreter_paths", lambda: [*real, venv])
    work = tmp_path / "work"
    work.mkdir()
    probe = (f"import pathlib; p = pathlib.Path({str(marker)!r}); print(p.read_text())\n"
             f"try:\n    p.write_text('changed')\nexcept OSError as e:\n    print(e.strerror)")
    stage = sandbox.stage_folder()
    try:
        result = sandbox.run([sys.executable, "-c", probe], workdir=work, stage=stage,
                             grader=LOCK_RACE.grader, limits=sandbox.Limits(wall=30))
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    assert result.output.split()[:1] == ["here"], result.output
    assert "Read-only file system" in result.output or "Permission denied" in result.output
    assert marker.read_text() == "here"

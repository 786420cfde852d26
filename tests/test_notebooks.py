"""The nbgrader course: generated notebooks, their release, and the real nbgrader CLI.

The notebooks in source/ are generated (``conclab build``; freshness is
checked in test_build.py).  Here: they are nbgrader notebooks with the right
metadata and points; what nbgrader releases is the stub and no hidden test;
released notebooks run until the first NotImplementedError and solution
notebooks run to the end; and a whole course goes through
generate_assignment, autograde, generate_feedback and export.
"""
import csv
import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from nbgrader.preprocessors import ClearHiddenTests, ClearSolutions

from conclab import build, catalog, nbbuild

ROOT = catalog.ROOT
EXERCISES = catalog.exercises()
CODE_STUB = {"python": "# YOUR CODE HERE\nraise NotImplementedError"}
KERNEL_JOBS = 2   # notebooks executed at once (each in its own kernel)


@pytest.fixture(scope="module")
def points():
    return nbbuild.grader_points()


def source_nb(ex):
    return nbformat.read(nbbuild.notebook_path(ex), as_version=4)


def released(nb):
    """What nbgrader's generate_assignment makes of a source notebook's cells."""
    nb = ClearSolutions(code_stub=CODE_STUB).preprocess(nb, {})[0]
    return ClearHiddenTests().preprocess(nb, {})[0]


def cells_of(nb, kind):
    return [c for c in nb.cells if c.metadata.get("nbgrader", {}).get(kind)]


def solution_only_lines(ex, release):
    """Lines of the solution regions that the released notebook does not show anywhere
    (the lesson and hints quote some on purpose)."""
    shown = "\n".join(c.source for c in release.cells)
    region, lines = False, []
    for line in ex.solution.read_text(encoding="utf-8").splitlines():
        if build.BEGIN.match(line):
            region = True
        elif build.END.match(line):
            region = False
        elif region:
            text = line.strip()
            if len(text) >= 20 and not text.startswith("#") and text not in shown:
                lines.append(text)
    return lines


# ---------------------------------------------------------------- the notebooks

@pytest.mark.parametrize("ex", EXERCISES, ids=lambda e: e.slug)
def test_notebook_is_an_nbgrader_notebook_worth_the_graders_points(ex, points):
    nb = source_nb(ex)
    nbformat.validate(nb)
    metas = [c.metadata["nbgrader"] for c in nb.cells]
    assert all(m["schema_version"] == 3 for m in metas)
    ids = [m["grade_id"] for m in metas]
    assert len(ids) == len(set(ids)), "grade_ids must be unique"
    [answer] = cells_of(nb, "solution")
    assert answer.source == f"%%writefile {ex.slug}.py\n" + ex.solution.read_text().rstrip("\n")
    grades = cells_of(nb, "grade")
    assert all(c.metadata.nbgrader["locked"] for c in grades)
    assert {c.metadata.nbgrader["grade_id"].split("-", 1)[1]: c.metadata.nbgrader["points"]
            for c in grades} == points[ex.slug]
    assert sum(points[ex.slug].values()) > 0
    for cell in grades:
        hidden = cell.source.split("### BEGIN HIDDEN TESTS\n", 1)[1]
        assert hidden.count("\n") == 2 and "grade(" in hidden, "one call, no test code inline"


@pytest.mark.parametrize("ex", EXERCISES, ids=lambda e: e.slug)
def test_release_holds_the_stub_and_no_hidden_test(ex):
    nb = released(source_nb(ex))
    [answer] = cells_of(nb, "solution")
    stub = build.make_stub(ex.solution.read_text(encoding="utf-8"))
    assert answer.source == f"%%writefile {ex.slug}.py\n" + stub.rstrip("\n")
    text = "\n".join(c.source for c in nb.cells)
    assert "HIDDEN TESTS" not in text and "grade(" not in text
    leaked = [line for line in solution_only_lines(ex, nb) if line in text]
    assert not leaked, f"released notebook shows solution code: {leaked[:3]}"


# -------------------------------------------------------------- execution

def execute(nb, workdir: Path):
    """Run ``nb`` in a kernel in ``workdir``; the first CellExecutionError, or None.

    The kernel talks over Unix sockets, not TCP: a TCP kernel's ports are
    picked free, released, and bound a moment later by the kernel, and the
    graders' local web servers and clients (thousands of loopback sockets
    on the other xdist workers) took one in between (CI, stop 9:
    "ZMQError: Address already in use").  A short folder of its own keeps
    the socket paths unique and under the 107-byte limit.
    """
    with tempfile.TemporaryDirectory(prefix="k") as sockets:
        km = AsyncKernelManager(kernel_name="python3", transport="ipc",
                                ip=os.path.join(sockets, "kernel"))
        client = NotebookClient(nb, km=km, timeout=300,
                                resources={"metadata": {"path": str(workdir)}})
        try:
            client.execute()
        except CellExecutionError as exc:
            return exc
    return None


def run_all(notebooks: dict[str, nbformat.NotebookNode], tmp_path: Path) -> dict:
    def one(item):
        slug, nb = item
        workdir = tmp_path / slug
        workdir.mkdir()
        return slug, execute(nb, workdir), nb
    with ThreadPoolExecutor(KERNEL_JOBS) as pool:
        return {slug: (error, nb) for slug, error, nb in pool.map(one, notebooks.items())}


@pytest.mark.timeout(900)
def test_released_notebooks_run_until_the_first_not_implemented_error(tmp_path):
    results = run_all({ex.slug: released(source_nb(ex)) for ex in EXERCISES}, tmp_path)
    for slug, (error, nb) in results.items():
        assert error is not None and error.ename == "NotImplementedError", (slug, error)
        ran = [c for c in nb.cells if c.cell_type == "code" and c.get("execution_count")]
        last = ran[-1]
        assert last.metadata.nbgrader["grade_id"] == f"{slug}-check", (slug, last.source)
        assert all(o.output_type != "error" for c in ran[:-1] for o in c.outputs), slug


@pytest.mark.timeout(900)
def test_solution_notebooks_run_to_the_end(tmp_path):
    results = run_all({ex.slug: source_nb(ex) for ex in EXERCISES}, tmp_path)
    failed = {slug: f"{error.ename}: {error.evalue}"[:500]
              for slug, (error, _) in results.items() if error is not None}
    assert not failed
    for slug, (_, nb) in results.items():
        stderr = [o.text for c in nb.cells for o in c.get("outputs", [])
                  if o.output_type == "stream" and o.name == "stderr"]
        assert not stderr, f"{slug} wrote to stderr (nbgrader zeroes such a cell): {stderr}"


# ---------------------------------------------------- the real nbgrader CLI

COURSE_SLUGS = ["lock_race", "async_crawl"]
MISTAKES = {"lock_race": "no_lock", "async_crawl": "awaited_one_by_one"}


def nbgrader(course: Path, *args):
    # nbgrader runs `alembic` (its database migrations) from PATH.
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    proc = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course, env=env,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return proc


def answer_from(path: Path, slug: str) -> str:
    return f"%%writefile {slug}.py\n" + path.read_text(encoding="utf-8").rstrip("\n")


def plain_text(html_text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", html_text))


@pytest.mark.timeout(600)
def test_nbgrader_course_end_to_end(tmp_path):
    course = tmp_path / "course"
    (course / "source" / "ps1").mkdir(parents=True)
    shutil.copy(ROOT / "nbgrader_config.py", course)   # as is: its root is its own folder
    exes = [catalog.by_slug(s) for s in COURSE_SLUGS]
    for ex in exes:
        shutil.copy(nbbuild.notebook_path(ex), course / "source" / "ps1")
    # A solution module left in source/ by running a notebook there is not released.
    (course / "source" / "ps1" / "lock_race.py").write_text("# the solution, must not leak\n")
    nbgrader(course, "generate_assignment", "ps1", "--force")
    release = course / "release" / "ps1"
    assert sorted(p.name for p in release.iterdir()) == sorted(f"{s}.ipynb" for s in COURSE_SLUGS)

    submissions = {  # student -> what each answer cell holds
        "ada": {ex.slug: answer_from(ex.solution, ex.slug) for ex in exes},
        "ben": {},                                   # the release, untouched
        "chen": {ex.slug: answer_from(ex.mutants / f"{MISTAKES[ex.slug]}.py", ex.slug)
                 for ex in exes},
    }
    for student, answers in submissions.items():
        folder = course / "submitted" / student / "ps1"
        folder.mkdir(parents=True)
        for ex in exes:
            nb = nbformat.read(release / f"{ex.slug}.ipynb", as_version=4)
            if ex.slug in answers:
                cells_of(nb, "solution")[0].source = answers[ex.slug]
            nbformat.write(nb, folder / f"{ex.slug}.ipynb")

    # Unix-socket kernels, for the reason given in execute(); nbgrader_config.py
    # itself keeps TCP, the one transport that works on every OS.  The socket
    # path must be absolute: the kernel runs in the notebook's folder.
    with tempfile.TemporaryDirectory(prefix="k") as sockets:
        nbgrader(course, "autograde", "ps1", "--create", "--KernelManager.transport=ipc",
                 f"--KernelManager.ip={sockets}/kernel")
    nbgrader(course, "generate_feedback", "ps1")
    nbgrader(course, "export")

    with open(course / "grades.csv", newline="") as fh:
        rows = {row["student_id"]: row for row in csv.DictReader(fh)}
    possible = float(rows["ada"]["max_score"])
    assert float(rows["ada"]["score"]) == possible > 0
    assert float(rows["ben"]["score"]) == 0
    assert 0 < float(rows["chen"]["score"]) < possible

    grader_code = [line.strip() for ex in exes
                   for line in ex.grader.read_text(encoding="utf-8").splitlines()
                   if line.strip().startswith(("def test_", "assert ", "pytest.fail("))]
    for student in ("ada", "ben", "chen"):
        for ex in exes:
            page = plain_text((course / "feedback" / student / "ps1" / f"{ex.slug}.html")
                              .read_text(encoding="utf-8"))
            shown = [line for line in grader_code if line in page]
            assert not shown, f"{student}'s feedback shows hidden test code: {shown[:2]}"
            if student != "ada":   # ada's own code is the solution
                own = submissions[student].get(ex.slug, "")
                rel = released(source_nb(ex))
                leaked = [line for line in solution_only_lines(ex, rel)
                          if line in page and line not in own]
                assert not leaked, f"{student}'s feedback shows solution code: {leaked[:2]}"
    chen = plain_text((course / "feedback" / "chen" / "ps1" / "lock_race.html")
                      .read_text(encoding="utf-8"))
    assert "an update was lost" in chen   # the grader's teaching message reaches the student


@pytest.mark.timeout(600)
def test_conclab_grade_fills_an_nbgrader_course(tmp_path):
    # conclab grade's sandboxed scores reach nbgrader's gradebook and feedback.
    ex = catalog.by_slug("lock_race")
    course = tmp_path / "course"
    (course / "source" / ex.part).mkdir(parents=True)
    shutil.copy(ROOT / "nbgrader_config.py", course)
    shutil.copy(nbbuild.notebook_path(ex), course / "source" / ex.part)
    nbgrader(course, "generate_assignment", ex.part, "--force")

    klass = tmp_path / "class"
    for student in ("ada", "ben", "chen"):
        (klass / student).mkdir(parents=True)
    shutil.copy(ex.solution, klass / "ada" / "lock_race.py")
    shutil.copy(course / "release" / ex.part / "lock_race.ipynb", klass / "ben")  # untouched
    shutil.copy(ex.mutants / "no_lock.py", klass / "chen" / "lock_race.py")
    out = tmp_path / "grades"
    proc = subprocess.run([sys.executable, "-m", "conclab.cli", "grade", str(klass), "--out",
                           str(out), "--exercises", "lock_race", "--nbgrader", str(course)],
                          cwd=ROOT, capture_output=True, text=True, timeout=400)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]

    nbgrader(course, "generate_feedback", ex.part)
    nbgrader(course, "export")
    with open(course / "grades.csv", newline="") as fh:
        rows = {row["student_id"]: row for row in csv.DictReader(fh)}
    possible = float(rows["ada"]["max_score"])
    assert possible == sum(nbbuild.grader_points()["lock_race"].values())
    assert float(rows["ada"]["score"]) == possible
    assert float(rows["ben"]["score"]) == 0
    with open(out / "grades.csv", newline="") as fh:
        ours = {row["student"]: row for row in csv.DictReader(fh)}
    assert 0 < float(rows["chen"]["score"]) == float(ours["chen"]["lock_race"]) < possible

    page = plain_text((course / "feedback" / "chen" / ex.part / "lock_race.html")
                      .read_text(encoding="utf-8"))
    assert "an update was lost" in page   # the grader's message, as the cell's output
    assert "def test_" not in page and "BEGIN HIDDEN TESTS" not in page
    ben = plain_text((course / "feedback" / "ben" / ex.part / "lock_race.html")
                     .read_text(encoding="utf-8"))
    leaked = [line for line in solution_only_lines(ex, released(source_nb(ex))) if line in ben]
    assert not leaked, f"ben's feedback shows solution code: {leaked[:2]}"


@pytest.mark.timeout(120)
def test_processes_in_the_notebook_work_under_every_start_method(tmp_path):
    # The student's functions live in a module, not in the kernel's __main__:
    # forkserver and spawn children import them by name.
    nb = source_nb(catalog.by_slug("cpu_speedup"))
    nb.cells = [c for c in nb.cells if not c.metadata.nbgrader.get("grade")]
    nb.cells.append(nbformat.v4.new_code_cell(
        "import multiprocessing as mp\n"
        "results = {}\n"
        "for method in ('fork', 'forkserver', 'spawn'):\n"
        "    with mp.get_context(method).Pool(2) as pool:\n"
        "        results[method] = pool.map(cpu_speedup.cpu_bound, [10, 20, 30])\n"
        "assert results['fork'] == results['forkserver'] == results['spawn'] == "
        "[cpu_speedup.cpu_bound(n) for n in (10, 20, 30)], results\n"
        "print('ok', results)"))
    error = execute(nb, tmp_path)
    assert error is None, f"{error.ename}: {error.evalue}"
    assert nb.cells[-1].outputs[0].text.startswith("ok")

"""The course's integrity check (rustlings' `dev check`).

Every exercise has the same anatomy; its stub scores 0, its solution and
alternatives full marks, and each mutant loses points in the grader tests
its header names.  Each case is graded in a fresh pytest process, as a
student's submission would be.
"""
import ast
import subprocess
import sys

import pytest

from conclab import catalog, verify

EXERCISES = catalog.exercises()
CASES = verify.all_cases()
STUDENT_FILES = ["README.md", "README.zh.md", "HINTS.md"]


@pytest.mark.parametrize("ex", EXERCISES, ids=lambda e: e.slug)
def test_exercise_anatomy(ex):
    for name in STUDENT_FILES:
        assert (ex.folder / name).is_file(), f"{ex.folder.name} lacks {name}"
    assert ex.visible_test.is_file(), f"{ex.folder.name} lacks {ex.visible_test.name}"
    assert ex.grader.is_file(), f"no grader at {ex.grader}"
    kinds = [case.kind for case in verify.cases(ex)]
    assert kinds.count("alternative") >= 1, f"{ex.slug}: no alternative correct solution"
    assert kinds.count("mutant") >= 3, f"{ex.slug}: fewer than 3 mutants"


def test_chinese_instructions_are_chinese():
    for ex in EXERCISES:
        text = (ex.folder / "README.zh.md").read_text(encoding="utf-8")
        han = sum("\u4e00" <= ch <= "\u9fff" for ch in text)
        assert han > 50, f"{ex.slug}: README.zh.md has only {han} Chinese characters"


@pytest.mark.timeout(600)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_grader_judges_case(case):
    v = verify.verify(case)
    assert v.ok, f"{case.name} ({case.kind}: {case.description}): {v.why}"


@pytest.mark.timeout(600)
def test_visible_tests_pass_on_the_solutions():
    proc = subprocess.run([sys.executable, "-m", "pytest", "exercises", "--target", "solutions",
                           "-q", "-p", "no:cacheprovider"],
                          cwd=catalog.ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]


@pytest.mark.timeout(600)
@pytest.mark.parametrize("ex", EXERCISES, ids=lambda e: e.slug)
def test_visible_tests_fail_on_the_stub(ex):
    proc = subprocess.run([sys.executable, "-m", "pytest", str(ex.visible_test), "-q",
                           "-p", "no:cacheprovider"],
                          cwd=catalog.ROOT, capture_output=True, text=True)
    assert proc.returncode == 1, proc.stdout[-4000:]
    assert "is not implemented yet" in proc.stdout


def _marks(node) -> set[str]:
    names = set()
    for dec in node.decorator_list:
        target = dec.func if isinstance(dec, ast.Call) else dec
        if isinstance(target, ast.Attribute):
            names.add(target.attr)
    return names


@pytest.mark.parametrize("ex", EXERCISES, ids=lambda e: e.slug)
def test_every_grader_test_has_points_and_a_timeout(ex):
    tree = ast.parse(ex.grader.read_text(encoding="utf-8"))
    module_marks = set()
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "pytestmark"
                                                for t in node.targets):
            module_marks |= {n.attr for n in ast.walk(node.value) if isinstance(n, ast.Attribute)}
    tests = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name.startswith("test_")]
    assert tests, f"{ex.grader} has no tests"
    for test in tests:
        marks = _marks(test) | module_marks
        assert "points" in marks, f"{ex.grader.name}::{test.name} has no points marker"
        assert "timeout" in marks, f"{ex.grader.name}::{test.name} has no timeout marker"


def test_every_exercise_is_in_the_readme_syllabus():
    readme = (catalog.ROOT / "README.md").read_text(encoding="utf-8")
    missing = [f"{ex.part}/{ex.folder.name}" for ex in EXERCISES
               if f"(exercises/{ex.part}/{ex.folder.name})" not in readme]
    assert not missing, f"README's syllabus table has no row for {missing}"


def test_a_course_without_its_folders_says_how_to_install(tmp_path):
    # A non-editable install puts the package alone into site-packages.
    with pytest.raises(catalog.CourseNotFound, match=r"pip install -e \."):
        catalog.exercises(tmp_path)

"""conclab grade: every student gets a row, a broken file costs its exercise only."""
import csv
import shutil

from conclab import catalog, grade


def test_class_with_a_perfect_and_a_broken_submission(tmp_path, monkeypatch):
    lock_race = catalog.by_slug("lock_race")
    thread_local = catalog.by_slug("thread_local")
    monkeypatch.setattr(grade.catalog, "exercises", lambda: [lock_race, thread_local])
    submissions = tmp_path / "class"
    (submissions / "ann").mkdir(parents=True)
    shutil.copy(lock_race.solution, submissions / "ann" / "lock_race.py")
    shutil.copy(thread_local.solution, submissions / "ann" / "thread_local.py")
    (submissions / "bob").mkdir()
    (submissions / "bob" / "lock_race.py").write_text("def run_bank(amounts, times)\n")
    shutil.copy(thread_local.solution, submissions / "bob" / "thread_local.py")
    (submissions / "cat").mkdir()  # handed in nothing

    results = grade.grade_all(submissions, tmp_path / "out")
    by_student = {r.student: r for r in results}
    assert set(by_student) == {"ann", "bob", "cat"}
    ann, bob, cat = by_student["ann"], by_student["bob"], by_student["cat"]
    assert ann.earned == ann.possible > 0
    assert bob.exercises["lock_race"].earned == 0
    assert bob.exercises["thread_local"].earned == bob.exercises["thread_local"].possible > 0
    message = bob.exercises["lock_race"].tests[0]["message"]
    assert "syntax error at line 1" in message
    assert cat.earned == 0 and "no file named" in cat.exercises["lock_race"].tests[0]["message"]

    grade.write_csv(results, tmp_path / "grades.csv")
    rows = list(csv.DictReader(open(tmp_path / "grades.csv")))
    assert [r["student"] for r in rows] == ["ann", "bob", "cat"]
    assert float(rows[0]["total"]) == ann.possible


def _fake_class(n):
    from conclab import catalog, grade
    results = []
    for i in range(n):
        r = grade.StudentResult(f"s{i}")
        for ex in catalog.exercises():
            r.exercises[ex.slug] = grade.ExerciseResult(ex.slug, earned=i % 2 * 10, possible=10)
        results.append(r)
    return results


def test_summary_has_a_row_per_exercise_and_fits_a_terminal():
    from rich.console import Console
    from conclab import catalog, grade
    for n, head in ((2, "s1"), (30, "full marks")):
        console = Console(width=80, record=True)
        console.print(grade.summary_table(_fake_class(n)))
        text = console.export_text()
        assert head in text
        for ex in catalog.exercises():
            assert ex.slug in text, f"{ex.slug} missing from the {n}-student summary:\n{text}"

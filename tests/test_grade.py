"""conclab grade's summary table: one row per exercise, whatever the class size."""
from rich.console import Console

from conclab import catalog
from conclab.grading import reports
from conclab.grading.runner import ExerciseScore, StudentScore


def _fake_class(n):
    results = []
    for i in range(n):
        r = StudentScore(f"s{i}")
        for ex in catalog.exercises():
            r.exercises[ex.slug] = ExerciseScore(ex.slug, earned=i % 2 * 10, possible=10)
        results.append(r)
    return results


def test_summary_has_a_row_per_exercise_and_fits_a_terminal():
    slugs = [ex.slug for ex in catalog.exercises()]
    for n, head in ((2, "s1"), (30, "full marks")):
        console = Console(width=80, record=True)
        console.print(reports.summary_table(_fake_class(n), slugs))
        text = console.export_text()
        assert head in text
        for slug in slugs:
            assert slug in text, f"{slug} missing from the {n}-student summary:\n{text}"

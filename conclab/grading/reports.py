"""What ``conclab grade`` hands out: a CSV, Gradescope JSON, and feedback pages.

- ``grades.csv``: one row per student, a column per exercise, a total;
- ``<student>/results.json``: Gradescope's format (``tests[]`` with
  ``score``, ``max_score``, ``name``, ``output``, ``visibility``);
- ``<student>/feedback.html`` and ``feedback.md``: every exercise and test
  with its points and the grader's teaching message.  Hidden tests are named,
  their code never shown.  A failed concurrency test whose grader drew a
  picture of what ran when gets it again as an SVG timeline (one bar per
  thread, process, task or connection).
"""
from __future__ import annotations

import csv
import html
import json
from pathlib import Path

from conclab.grading.runner import StudentScore

COLOURS = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1",
           "#ff9da7", "#9c755f", "#bab0ac"]


def write_csv(results: list[StudentScore], slugs: list[str], path: Path) -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["student", *slugs, "total", "possible", "error"])
        for r in results:
            writer.writerow([r.student, *(f"{r.exercises[s].earned:g}" for s in slugs),
                             f"{r.earned:g}", f"{r.possible:g}", r.error])


def gradescope(result: StudentScore) -> dict:
    """Gradescope's results.json for one student."""
    tests = []
    for slug, ex in result.exercises.items():
        if not ex.tests:
            tests.append({"name": f"{slug}", "score": 0, "max_score": ex.possible,
                          "output": ex.error or "not graded", "visibility": "visible"})
            continue
        for t in ex.tests:
            if t["outcome"] == "skipped":
                continue   # not measured here: neither given nor taken
            tests.append({"name": f"{slug}: {t['name']}", "score": t["earned"],
                          "max_score": t["points"], "output": t["message"],
                          "visibility": "visible"})
    return {"score": result.earned, "tests": tests,
            "output": result.error or f"{result.earned:g} / {result.possible:g}"}


def timeline_svg(intervals: list[dict], width: int = 560, row: int = 18) -> str:
    """Bars of what ran when: one row per worker, time left to right."""
    if not intervals:
        return ""
    t0 = min(iv["start"] for iv in intervals)
    span = max(max(iv["end"] for iv in intervals) - t0, 1e-9)
    workers = sorted({iv["worker"] for iv in intervals})
    label_w, plot_w = 120, width - 130
    height = row * len(workers) + 24
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'font-family="sans-serif" font-size="11">']
    for i, worker in enumerate(workers):
        y = i * row + 4
        parts.append(f'<text x="0" y="{y + 12}">{html.escape(worker[:18])}</text>')
        for iv in (iv for iv in intervals if iv["worker"] == worker):
            x = label_w + (iv["start"] - t0) / span * plot_w
            w = max(1.0, (iv["end"] - iv["start"]) / span * plot_w)
            colour = COLOURS[i % len(COLOURS)]
            tip = html.escape(f"{iv.get('label') or worker}: "
                              f"{(iv['start'] - t0) * 1000:.0f}-{(iv['end'] - t0) * 1000:.0f} ms")
            parts.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{row - 5}" '
                         f'fill="{colour}"><title>{tip}</title></rect>')
    y = len(workers) * row + 18
    parts.append(f'<text x="{label_w}" y="{y}">0 ms</text>')
    parts.append(f'<text x="{width - 10}" y="{y}" text-anchor="end">{span * 1000:.0f} ms</text>')
    parts.append("</svg>")
    return "".join(parts)


def _mark(t: dict) -> str:
    return {"passed": "✔", "skipped": "–"}.get(t["outcome"], "✘")


def feedback_markdown(result: StudentScore) -> str:
    lines = [f"# Feedback for {result.student}", "",
             f"**Total: {result.earned:g} / {result.possible:g}**", ""]
    if result.error:
        lines += [f"Your submission could not be graded: {result.error}", ""]
    for slug, ex in result.exercises.items():
        lines += [f"## {slug}: {ex.earned:g} / {ex.possible:g}", ""]
        if ex.error:
            lines += [f"> {ex.error}", ""]
        for t in ex.tests:
            lines.append(f"- {_mark(t)} `{t['name']}` ({t['earned']:g}/{t['points']:g})")
            if t["outcome"] != "passed" and t["message"]:
                lines += ["", "  ```", *[f"  {m}" for m in t["message"].splitlines()], "  ```", ""]
        lines.append("")
    return "\n".join(lines)


def feedback_html(result: StudentScore) -> str:
    e = html.escape
    body = [f"<h1>Feedback for {e(result.student)}</h1>",
            f"<p><strong>Total: {result.earned:g} / {result.possible:g}</strong></p>"]
    if result.error:
        body.append(f'<p class="error">Your submission could not be graded: {e(result.error)}</p>')
    for slug, ex in result.exercises.items():
        body.append(f"<h2>{e(slug)}: {ex.earned:g} / {ex.possible:g}</h2>")
        if ex.error:
            body.append(f'<p class="error">{e(ex.error)}</p>')
        if not ex.tests:
            continue
        body.append("<table><tr><th></th><th>test</th><th>points</th><th>what the grader "
                    "saw</th></tr>")
        for t in ex.tests:
            message = e(t["message"]) if t["outcome"] != "passed" else ""
            picture = timeline_svg(t.get("timeline") or []) if t["outcome"] == "failed" else ""
            body.append(f'<tr class="{e(t["outcome"])}"><td>{_mark(t)}</td>'
                        f'<td><code>{e(t["name"])}</code></td>'
                        f'<td>{t["earned"]:g}/{t["points"]:g}</td>'
                        f'<td><pre>{message}</pre>{picture}</td></tr>')
        body.append("</table>")
    style = ("body{font-family:sans-serif;max-width:1000px;margin:2em auto}"
             "td,th{vertical-align:top;text-align:left;padding:4px}pre{white-space:pre-wrap;"
             "margin:0}.failed td,.not\\ run td{background:#fff3f3}.error{color:#b00}")
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>conclab feedback: '
            f'{e(result.student)}</title><style>{style}</style></head><body>'
            + "\n".join(body) + "</body></html>\n")


def write_student(result: StudentScore, out: Path) -> None:
    folder = out / result.student
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "results.json").write_text(json.dumps(gradescope(result), indent=2,
                                                    ensure_ascii=False), encoding="utf-8")
    (folder / "feedback.md").write_text(feedback_markdown(result), encoding="utf-8")
    (folder / "feedback.html").write_text(feedback_html(result), encoding="utf-8")


def summary(results: list[StudentScore], slugs: list[str]) -> dict:
    """The class in numbers, for --json and the summary table."""
    per_exercise = {}
    for slug in slugs:
        graded = [r.exercises[slug] for r in results]
        ratios = [g.earned / g.possible for g in graded if g.possible]
        per_exercise[slug] = {
            "mean": sum(ratios) / len(ratios) if ratios else 0.0,
            "full": sum(1 for g in graded if g.possible and g.earned == g.possible),
            "zero": sum(1 for g in graded if g.earned == 0)}
    return {"students": {r.student: {"earned": r.earned, "possible": r.possible,
                                     "error": r.error, "layers": sorted(r.layers),
                                     "exercises": {s: {"earned": r.exercises[s].earned,
                                                       "possible": r.exercises[s].possible,
                                                       "error": r.exercises[s].error}
                                                   for s in slugs}}
                         for r in results},
            "exercises": per_exercise}


STUDENT_COLUMNS = 6   # more students than this: per-exercise statistics instead


def summary_table(results: list[StudentScore], slugs: list[str]):
    """One row per exercise (26 of them do not fit across a terminal).

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
    stats = summary(results, slugs)["exercises"]
    for slug in slugs:
        if few:
            cells = [_cell(r.exercises[slug]) for r in results]
        else:
            st = stats[slug]
            cells = [f"{st['mean']:.0%}", str(st["full"]), str(st["zero"])]
        table.add_row(slug, *cells)
    if few:
        table.add_row("total", *(f"{r.earned:g}/{r.possible:g}" for r in results), style="bold")
    return table


def _cell(ex) -> str:
    if ex.error and not ex.tests:
        return "missing" if ex.error == "not handed in" else "error"
    return f"{ex.earned:g}/{ex.possible:g}"

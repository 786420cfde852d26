"""The bundled sample class that `conclab grade` grades by default.

Its submissions are made from the course's own files (solutions, stubs,
mutants), so they never drift from them: this table is their source and
``conclab build`` writes ``examples/class/`` from it.  Each student shows
one thing an instructor will meet: a perfect submission, untouched stubs,
typical mistakes, and broken files.
"""
from __future__ import annotations

import re
from pathlib import Path

from conclab import catalog

CLASS_DIR = catalog.ROOT / "examples" / "class"

# student -> (layout, {slug: what to hand in}); unlisted slugs get "solution".
# What: "solution", "stub", "mutant:<file stem>", "syntax-error", "missing".
STUDENTS: dict[str, tuple[str, dict[str, str]]] = {
    "ada": ("exercises", {}),
    "ben": ("flat", {"*": "stub"}),
    "chen": ("solutions", {"lock_race": "mutant:no_lock", "pool_map": "mutant:thread_pool",
                           "thread_download": "mutant:thread_per_url",
                           "movie_crawler": "mutant:seed_find_img"}),
    "dana": ("flat", {"lock_race": "mutant:serial_threads", "thread_local": "mutant:shared_global",
                      "gather_cancel": "mutant:sequential_awaits", "pool_map": "mutant:get_each",
                      "async_download": "mutant:seed_session_per_url",
                      "futures_download": "mutant:result_without_try"}),
    "eve": ("exercises", {"lock_race": "syntax-error", "gather_cancel": "missing"}),
}


def submission_path(student: str, layout: str, ex: catalog.Exercise) -> Path:
    base = CLASS_DIR / student
    if layout == "exercises":
        return base / ex.part / ex.folder.name / f"{ex.slug}.py"
    if layout == "solutions":
        return base / ex.part / f"{ex.slug}.py"
    return base / f"{ex.slug}.py"


def _text(ex: catalog.Exercise, what: str) -> str | None:
    if what == "solution":
        return ex.solution.read_text(encoding="utf-8")
    if what == "stub":
        from conclab.build import stub_text
        return stub_text(ex)
    if what.startswith("mutant:"):
        return (ex.mutants / f"{what.split(':', 1)[1]}.py").read_text(encoding="utf-8")
    if what == "syntax-error":  # a typical slip: the colon after a def
        return re.sub(r"^(\s*(?:async\s+)?def \w+\(.*\)):", r"\1",
                      ex.solution.read_text(encoding="utf-8"),
                      count=1, flags=re.M)
    if what == "missing":
        return None
    raise ValueError(f"unknown sample submission kind {what!r}")


def files() -> dict[Path, str]:
    """Every file of the sample class with its text."""
    out = {}
    for student, (layout, choices) in STUDENTS.items():
        for ex in catalog.exercises():
            what = choices.get(ex.slug, choices.get("*", "solution"))
            text = _text(ex, what)
            if text is not None:
                out[submission_path(student, layout, ex)] = text
    return out

"""What there is to grade: every grader's tests, and the runs a class needs.

:func:`collect` asks pytest itself (``--collect-only``, one process for all
graders) for every graded test with its points and whether it is a
``timing`` test, so nothing here re-implements pytest's parametrization.
:func:`graders_digest` fingerprints what decides a score -- the exercise's
grader and the grading code -- so a rerun knows what is still valid.
"""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from conclab import catalog

PHASES = ("main", "timing")   # main: -m "not timing"; timing: -m timing, one at a time


@dataclass(frozen=True)
class TestInfo:
    nodeid: str
    name: str          # the test function, with its parametrization
    points: float
    timing: bool


def collect(root: Path = catalog.ROOT) -> dict[str, list[TestInfo]]:
    """``{slug: [TestInfo, ...]}`` for every grader, in grader order.

    Raises:
        RuntimeError: the graders could not be collected (a broken grader).
    """
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "collected.json"
        proc = subprocess.run([sys.executable, "-m", "pytest", str(root / "graders"),
                               "--collect-only", "-q", "-p", "no:cacheprovider",
                               "--rootdir", str(root), "--score-json", str(report)],
                              cwd=root, capture_output=True, text=True)
        if not report.exists():
            raise RuntimeError("collecting the graders failed:\n" + proc.stdout[-2000:])
        data = json.loads(report.read_text())
    return {slug: [TestInfo(t["nodeid"], t["name"], t["points"], t["timing"])
                   for t in info["tests"]]
            for slug, info in data["exercises"].items()}


def graders_digest(ex: catalog.Exercise) -> str:
    """sha256 of the exercise's grader and of the grading code (the conclab package)."""
    h = hashlib.sha256()
    files = [ex.grader, ex.root / "pyproject.toml"]
    files += sorted((ex.root / "conclab").rglob("*.py"))
    for path in files:
        h.update(str(path.relative_to(ex.root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def phases_of(tests: list[TestInfo]) -> list[str]:
    """The phases an exercise needs: main always, timing if it has timing tests."""
    return ["main"] + (["timing"] if any(t.timing for t in tests) else [])

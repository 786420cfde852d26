"""The one command line that grades one exercise of one submission.

``conclab verify`` and the notebooks run it directly; ``conclab grade``
(:mod:`conclab.grading`) runs it inside its sandbox.
"""
from __future__ import annotations

import sys
from pathlib import Path

from conclab import catalog


def grader_command(ex: catalog.Exercise, target: Path, report: Path, *extra: str) -> list[str]:
    """The pytest command that grades ``ex`` in ``target`` and writes ``report``."""
    return [sys.executable, "-m", "pytest", str(ex.grader), "--target", str(Path(target).resolve()),
            "--score-json", str(report), "-q", "--rootdir", str(catalog.ROOT),
            "-p", "no:cacheprovider", *extra]

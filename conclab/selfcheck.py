"""Run one exercise's visible self-check and say, in the student's words, what failed.

Used by ``conclab check`` (the student loop) and by the check cell of the
notebooks.  The self-check runs in its own pytest process, so the student's
threads, processes and event loops never touch the caller (a Jupyter kernel
already runs an event loop of its own).
"""
from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from conclab import catalog

TIMEOUT = 300   # s for the whole self-check; every test has its own, much shorter


@dataclass
class SelfCheck:
    ok: bool
    reasons: list[str] = field(default_factory=list)   # one teaching line per failure
    output: str = ""

    @property
    def unfinished(self) -> bool:
        """Some function still raises NotImplementedError (seen in this process, or
        reported back from a child process); its callers' tests fail too, in
        other words, so the stub is not done yet."""
        return any("is not implemented yet" in r or "NotImplementedError" in r
                   for r in self.reasons)


def run(ex: catalog.Exercise, target: Path) -> SelfCheck:
    """The visible tests of ``ex`` against ``<slug>.py`` in ``target``."""
    cmd = [sys.executable, "-m", "pytest", str(ex.visible_test), "-q", "--tb=no", "-rfE", "--color=no",
           "-p", "no:cacheprovider", "--rootdir", str(catalog.ROOT),
           "--target", str(Path(target).resolve())]
    try:
        proc = subprocess.run(cmd, cwd=catalog.ROOT, capture_output=True, text=True,
                              timeout=TIMEOUT, start_new_session=True,
                              # wide: pytest drops a summary line's message that does not fit
                              env={**os.environ, "COLUMNS": "500"})
    except subprocess.TimeoutExpired:
        return SelfCheck(False, [f"the self-check did not finish in {TIMEOUT} s"])
    if proc.returncode == 0:
        return SelfCheck(True, output=proc.stdout)
    reasons = [line.split(" - ", 1)[-1] for line in proc.stdout.splitlines()
               if line.startswith(("FAILED", "ERROR"))]
    reasons = list(dict.fromkeys(reasons)) or proc.stdout.strip().splitlines()[-5:]
    return SelfCheck(False, reasons, proc.stdout + proc.stderr)

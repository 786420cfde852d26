"""The graders on every Python the course supports (3.10-3.13) found here.

The suite itself runs on one interpreter; these tests build a small venv per
other version (cached in .venvs/, runtime test dependencies only) and grade
the reference solutions there, plus the mutants whose detection depends on
the interpreter (thread switching changed in 3.10, 3.12 and 3.13).
"""
import fcntl
import glob
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conclab import catalog

ROOT = catalog.ROOT
VERSIONS = ["3.10", "3.11", "3.12", "3.13"]
PACKAGES = ["pytest", "pytest-timeout", "rich", "aiohttp", "requests", "beautifulsoup4"]
# Mutants that each version must catch: (slug, mutant stem).
VERSION_SENSITIVE = [("lock_race", "no_lock"), ("lock_race", "half_locked")]


def find_python(version: str) -> str | None:
    if f"{sys.version_info.major}.{sys.version_info.minor}" == version:
        return None  # the suite's own interpreter is covered by test_course.py
    pyenv_root = os.environ.get("PYENV_ROOT", os.path.expanduser("~/.pyenv"))
    candidates = sorted(glob.glob(f"{pyenv_root}/versions/{version}.*/bin/python3"))
    candidates += [p for p in (f"/usr/bin/python{version}", f"/usr/local/bin/python{version}")
                   if os.path.exists(p)]
    return candidates[-1] if candidates else None


def venv_for(version: str) -> Path:
    python = find_python(version)
    if python is None:
        pytest.skip(f"Python {version} is not installed here (or is the suite's own)")
    venv = ROOT / ".venvs" / f"py{version}"
    exe = venv / "bin" / "python"
    stamp = venv / ".conclab-ready"
    venv.parent.mkdir(exist_ok=True)
    # Two xdist workers may need the same venv at once: one builds, the other waits.
    with open(venv.parent / f".py{version}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not stamp.exists():
            _build(python, venv, exe, stamp)
    return exe


def _build(python: str, venv: Path, exe: Path, stamp: Path) -> None:
    subprocess.run([python, "-m", "venv", "--clear", str(venv)], check=True)
    subprocess.run([exe, "-m", "pip", "install", "-q", *PACKAGES], check=True)
    subprocess.run([exe, "-m", "pip", "install", "-q", "--no-deps", "-e", str(ROOT)], check=True)
    stamp.write_text("ok\n")


@pytest.mark.timeout(900)
@pytest.mark.parametrize("version", VERSIONS)
def test_solutions_get_full_marks(version):
    exe = venv_for(version)
    proc = subprocess.run([exe, "-m", "conclab.cli", "verify", "--only", "solution"],
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]


@pytest.mark.timeout(900)
@pytest.mark.parametrize("version", VERSIONS)
def test_version_sensitive_mutants_are_caught(version):
    exe = venv_for(version)
    names = [f"{slug}:{stem}" for slug, stem in VERSION_SENSITIVE]
    proc = subprocess.run([exe, "-m", "conclab.cli", "verify", "--case", *names],
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]

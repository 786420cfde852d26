"""Discover the course's exercises from the folders themselves.

The numbered folders are the index: ``exercises/NN_part/NN_slug/`` holds the
student's files, ``solutions/NN_part/slug.py`` the reference solution,
``graders/NN_part/test_slug.py`` the hidden grader, ``tests/mutants/slug/``
the known-wrong and alternative solutions.  Nothing else lists exercises, so
nothing can fall out of sync.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_NUMBERED = re.compile(r"^(\d+)_(.+)$")


@dataclass(frozen=True)
class Exercise:
    slug: str
    part: str          # e.g. "02_threads"
    folder: Path       # exercises/02_threads/02_lock_race
    root: Path = ROOT

    @property
    def solution(self) -> Path:
        return self.root / "solutions" / self.part / f"{self.slug}.py"

    @property
    def stub(self) -> Path:
        return self.folder / f"{self.slug}.py"

    @property
    def visible_test(self) -> Path:
        return self.folder / f"test_{self.slug}.py"

    @property
    def grader(self) -> Path:
        return self.root / "graders" / self.part / f"test_{self.slug}.py"

    @property
    def mutants(self) -> Path:
        return self.root / "tests" / "mutants" / self.slug


class CourseNotFound(RuntimeError):
    """The course's folders are not beside the package (a non-editable install)."""


def exercises(root: Path = ROOT) -> list[Exercise]:
    """Every exercise, in course order (part number, then exercise number).

    Raises:
        CourseNotFound: ``root`` holds no ``exercises/`` folder.
    """
    found = []
    base = root / "exercises"
    if not base.is_dir():
        # `pip install .` copies the package alone into site-packages; the
        # exercises, graders and solutions stay in the repository.
        raise CourseNotFound(
            f"the course's folders (exercises/, graders/, solutions/) are not beside the "
            f"conclab package in {root}: install it from the repository with "
            f"`pip install -e .` / 请在仓库根目录用 `pip install -e .` 安装")
    for part in sorted(p for p in base.iterdir() if p.is_dir() and _NUMBERED.match(p.name)):
        for folder in sorted(f for f in part.iterdir() if f.is_dir() and _NUMBERED.match(f.name)):
            slug = _NUMBERED.match(folder.name).group(2)
            found.append(Exercise(slug, part.name, folder, root))
    return found


def by_slug(slug: str, root: Path = ROOT) -> Exercise:
    for ex in exercises(root):
        if ex.slug == slug:
            return ex
    raise KeyError(f"no exercise named {slug!r}; known: {', '.join(e.slug for e in exercises(root))}")

"""Generate the student stubs from the solutions (one source of truth).

A solution marks what the student must write with nbgrader's markers::

    def change_it(n):
        \"\"\"...contract...\"\"\"
        ### BEGIN SOLUTION
        ...
        ### END SOLUTION

The stub keeps everything else (imports, globals, signatures, docstrings)
and puts ``raise NotImplementedError`` where the region was.  Markers only
belong inside function bodies: a stub must still import.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from conclab import catalog

BEGIN = re.compile(r"^(\s*)### BEGIN SOLUTION\s*$")
END = re.compile(r"^\s*### END SOLUTION\s*$")


class BuildError(Exception):
    """A solution's markers are malformed."""


def header(solution: Path, root: Path) -> str:
    rel = solution.relative_to(root).as_posix()
    return (f"# Your file: write your solution here. (Generated from {rel} by "
            f"`conclab build`; course maintainers edit that file instead.)\n")


def make_stub(source: str, name: str = "<solution>") -> str:
    """``source`` with every solution region replaced by a NotImplementedError.

    Raises:
        BuildError: unbalanced markers, or a region at module level.
    """
    out, inside = [], False
    for lineno, line in enumerate(source.splitlines(keepends=True), 1):
        begin = BEGIN.match(line)
        if begin:
            if inside:
                raise BuildError(f"{name}:{lineno}: BEGIN SOLUTION inside another region")
            indent = begin.group(1)
            if not indent:
                raise BuildError(f"{name}:{lineno}: a solution region must be inside a "
                                 f"function, or the stub would not import")
            out.append(f"{indent}# YOUR CODE HERE\n{indent}raise NotImplementedError\n")
            inside = True
        elif END.match(line):
            if not inside:
                raise BuildError(f"{name}:{lineno}: END SOLUTION without BEGIN")
            inside = False
        elif not inside:
            out.append(line)
    if inside:
        raise BuildError(f"{name}: BEGIN SOLUTION is never closed")
    return "".join(out)


@dataclass
class Generated:
    path: Path
    text: str

    def is_fresh(self) -> bool:
        return self.path.exists() and self.path.read_text(encoding="utf-8") == self.text


def generated_files(root: Path = catalog.ROOT) -> list[Generated]:
    """Every generated file of the course with the text it should have."""
    files = []
    for ex in catalog.exercises(root):
        if not ex.solution.exists():
            raise BuildError(f"{ex.folder.relative_to(root)} has no solution at "
                             f"{ex.solution.relative_to(root)}")
        source = ex.solution.read_text(encoding="utf-8")
        stub = header(ex.solution, root) + make_stub(source, str(ex.solution))
        files.append(Generated(ex.stub, stub))
    return files


def build(root: Path = catalog.ROOT, check: bool = False) -> list[Path]:
    """Write the generated files, or with ``check`` list the stale ones."""
    stale = []
    for gen in generated_files(root):
        if gen.is_fresh():
            continue
        stale.append(gen.path)
        if not check:
            gen.path.write_text(gen.text, encoding="utf-8")
    return stale

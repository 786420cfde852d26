"""Generate the student stubs, the sample class and the nbgrader notebooks
from the solutions (one source of truth).

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


def stub_text(ex: catalog.Exercise) -> str:
    """The stub of ``ex`` as generated from its solution."""
    if not ex.solution.exists():
        raise BuildError(f"{ex.folder.relative_to(ex.root)} has no solution at "
                         f"{ex.solution.relative_to(ex.root)}")
    source = ex.solution.read_text(encoding="utf-8")
    return header(ex.solution, ex.root) + make_stub(source, str(ex.solution))


def generated_files(root: Path = catalog.ROOT) -> list[Generated]:
    """Every generated file of the course with the text it should have."""
    files = [Generated(ex.stub, stub_text(ex)) for ex in catalog.exercises(root)]
    from conclab import sampleclass  # late: the sample class is built from stubs and solutions
    files += [Generated(path, text) for path, text in sampleclass.files().items()]
    from conclab import nbbuild
    files += [Generated(path, text) for path, text in nbbuild.notebook_texts(root).items()]
    return files


def strays(root: Path = catalog.ROOT, wanted: set[Path] | None = None) -> list[Path]:
    """Generated files nothing generates any more: in the sample class, and
    notebooks (or anything but the README) in ``source/``."""
    from conclab import nbbuild, sampleclass
    if wanted is None:
        wanted = {gen.path for gen in generated_files(root)}
    found = []
    if sampleclass.CLASS_DIR.exists():
        found += [p for p in sampleclass.CLASS_DIR.rglob("*")
                  if p.is_file() and p not in wanted and "__pycache__" not in p.parts]
    source = root / nbbuild.SOURCE
    if source.exists():
        # Anything else there would be released to students by nbgrader,
        # e.g. a <slug>.py with the solution, written by running a notebook.
        found += [p for p in source.rglob("*") if p.is_file() and p not in wanted
                  and p != source / "README.md" and ".ipynb_checkpoints" not in p.parts]
    return sorted(found)


def build(root: Path = catalog.ROOT, check: bool = False) -> list[Path]:
    """Write the generated files, or with ``check`` list the stale ones."""
    stale = []
    generated = generated_files(root)
    for gen in generated:
        if gen.is_fresh():
            continue
        stale.append(gen.path)
        if not check:
            gen.path.parent.mkdir(parents=True, exist_ok=True)
            gen.path.write_text(gen.text, encoding="utf-8")
    for path in strays(root, {gen.path for gen in generated}):
        stale.append(path)
        if not check:
            path.unlink()
    return stale

"""What a student handed in, turned into one module text per exercise.

A submission is a folder named by the student's id.  It may hold:

- the exercise files, laid out like ``exercises/``, like ``solutions/``, or
  flat (``<slug>.py``);
- nbgrader notebooks: the answer cell of each (found by its ``grade_id``,
  ``<slug>-answer``) is the module; the notebook is never executed;
- one ``.zip`` of either, unpacked with every path checked first.

Whatever cannot be read becomes a message: for one exercise (a corrupt
notebook) or for the whole submission (not a folder, an unsafe zip, nothing
recognisable), never an exception that stops the class.
"""
from __future__ import annotations

import hashlib
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from conclab import catalog, target

MAX_ZIP_BYTES = 50 << 20      # unpacked; a zip bomb stops here
MAX_ZIP_FILES = 2000
MAX_FILE_BYTES = 1 << 20      # one exercise module


@dataclass
class Prepared:
    student: str
    modules: dict[str, str] = field(default_factory=dict)    # slug -> source text
    problems: dict[str, str] = field(default_factory=dict)   # slug -> why it could not be read
    error: str = ""                                          # the whole submission is unusable

    def digest(self, slug: str) -> str:
        return hashlib.sha256(self.modules.get(slug, "").encode()).hexdigest()


def discover(submissions: Path) -> list[Path]:
    """One entry per student (folders, and anything else, which gets an error row)."""
    return sorted(p for p in Path(submissions).iterdir() if not p.name.startswith((".", "_")))


def prepare(entry: Path, slugs: list[str], scratch: Path) -> Prepared:
    """Read ``entry`` (a student's folder); ``scratch`` is an empty folder for unzipping."""
    out = Prepared(entry.name)
    if not entry.is_dir() or entry.is_symlink():
        out.error = (f"{entry.name} is not a folder: a submission is a folder named by the "
                     f"student's id, holding .py files, notebooks or one .zip")
        return out
    folder = entry
    zips = [p for p in entry.iterdir() if p.suffix.lower() == ".zip"]
    if zips:
        if len(zips) > 1:
            out.error = f"{len(zips)} .zip files; hand in one"
            return out
        problem = unzip(zips[0], scratch)
        if problem:
            out.error = f"{zips[0].name}: {problem}"
            return out
        folder = scratch
    for slug in slugs:
        text, problem = _module(folder, slug)
        if text is not None:
            out.modules[slug] = text
        elif problem:
            out.problems[slug] = problem
    if not out.modules and not out.problems:
        out.error = ("nothing to grade: no <exercise>.py file and no course notebook was "
                     "found in it")
    return out


def unzip(archive: Path, into: Path) -> str:
    """Unpack ``archive`` into ``into``; the reason it was refused, or "" when done.

    Nothing is written unless every member is a plain file or folder whose
    path stays inside ``into`` (no absolute paths, no ``..``, no links).
    """
    try:
        with zipfile.ZipFile(archive) as zf:
            members = zf.infolist()
            if len(members) > MAX_ZIP_FILES:
                return f"more than {MAX_ZIP_FILES} files"
            if sum(m.file_size for m in members) > MAX_ZIP_BYTES:
                return f"unpacks to more than {MAX_ZIP_BYTES >> 20} MB"
            for m in members:
                path = PurePosixPath(m.filename.replace("\\", "/"))
                if path.is_absolute() or ".." in path.parts or m.filename.startswith("/"):
                    return f"refused: {m.filename!r} points outside the archive"
                if (m.external_attr >> 16) & 0o170000 == 0o120000:
                    return f"refused: {m.filename!r} is a symbolic link"
            for m in members:
                dest = into.joinpath(*PurePosixPath(m.filename.replace("\\", "/")).parts)
                if m.is_dir():
                    dest.mkdir(parents=True, exist_ok=True)
                    continue
                dest.parent.mkdir(parents=True, exist_ok=True)
                with zf.open(m) as src, open(dest, "wb") as dst:
                    dst.write(src.read(MAX_ZIP_BYTES))
    except (zipfile.BadZipFile, OSError, RuntimeError) as exc:
        return f"not a readable zip ({exc})"
    return ""


def _module(folder: Path, slug: str) -> tuple[str | None, str]:
    """(source text, "") from a .py or a notebook; (None, why) or (None, "") if absent."""
    try:
        path = target.find_module_file(folder, slug)
    except target.LoadError:
        path = None
    if path is not None:
        if path.is_symlink() or folder.resolve() not in path.resolve().parents:
            return None, f"{path.name} is a link to a file outside the submission: refused"
        if path.stat().st_size > MAX_FILE_BYTES:
            return None, f"{path.name} is larger than {MAX_FILE_BYTES >> 10} kB"
        return path.read_text(encoding="utf-8", errors="replace"), ""
    notebook = _find_notebook(folder, slug)
    if notebook is None:
        return None, ""
    return _answer_cell(notebook, slug)


def _find_notebook(folder: Path, slug: str) -> Path | None:
    found = sorted(p for p in folder.rglob(f"{slug}.ipynb")
                   if ".ipynb_checkpoints" not in p.parts and len(p.relative_to(folder).parts) <= 4
                   and not p.is_symlink())
    return found[0] if found else None


def _answer_cell(notebook: Path, slug: str) -> tuple[str | None, str]:
    """The module an nbgrader notebook's answer cell writes, read as JSON, never run."""
    try:
        nb = json.loads(notebook.read_text(encoding="utf-8"))
        cells = nb["cells"]
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        return None, f"{notebook.name} is not a readable notebook ({type(exc).__name__})"
    for cell in cells if isinstance(cells, list) else []:
        meta = (cell.get("metadata") or {}).get("nbgrader") or {} if isinstance(cell, dict) else {}
        if meta.get("grade_id") == f"{slug}-answer":
            source = cell.get("source", "")
            text = "".join(source) if isinstance(source, list) else str(source)
            first, _, rest = text.partition("\n")
            if first.startswith("%%writefile"):
                text = rest
            return text, ""
    return None, (f"{notebook.name} has no answer cell (grade_id {slug}-answer): was it "
                  f"made from the course's notebook?")


def all_slugs() -> list[str]:
    return [ex.slug for ex in catalog.exercises()]

"""Find and import the implementation under test.

A target is a folder laid out like ``exercises/`` (``NN_part/NN_slug/slug.py``),
like ``solutions/`` (``NN_part/slug.py``), or flat (``slug.py``).  Whatever
goes wrong while finding or importing one exercise is turned into a
:class:`LoadError` that names the file, so only the tests of that exercise
fail and they say why.
"""
from __future__ import annotations

import importlib.util
import sys
import traceback
from pathlib import Path

SKIP_DIRS = {"__pycache__", ".ipynb_checkpoints", ".git", ".venv", "node_modules"}
MAX_DEPTH = 3


class LoadError(Exception):
    """The exercise's module could not be found or imported."""


def find_module_file(target: Path, slug: str) -> Path:
    """The one ``<slug>.py`` inside ``target`` (at most three folders down).

    Raises:
        LoadError: there is none.
    """
    target = Path(target)
    if not target.is_dir():
        raise LoadError(f"the target folder {target} does not exist")
    found = []
    frontier = [target]
    for _ in range(MAX_DEPTH + 1):
        nxt = []
        for folder in frontier:
            candidate = folder / f"{slug}.py"
            if candidate.is_file():
                found.append(candidate)
            nxt += [p for p in sorted(folder.iterdir())
                    if p.is_dir() and p.name not in SKIP_DIRS and not p.name.startswith(".")]
        if found:  # the shallowest match wins
            return found[0]
        frontier = nxt
    raise LoadError(f"no file named {slug}.py was found in {target}: "
                    f"put your solution in {slug}.py (see exercises/ for the layout)")


def import_file(path: Path, name: str):
    """Import ``path`` as module ``name`` and register it in ``sys.modules``.

    The module's folder goes first on ``sys.path`` so that worker processes
    started with spawn or forkserver import this same file by name when they
    unpickle one of its functions.

    Raises:
        LoadError: a syntax error, or an exception while the module ran.
    """
    path = Path(path).resolve()
    folder = str(path.parent)
    if folder in sys.path:
        sys.path.remove(folder)
    sys.path.insert(0, folder)
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except SyntaxError as exc:
        del sys.modules[name]
        raise LoadError(f"{path.name} has a syntax error at line {exc.lineno}: {exc.msg}. "
                        f"Run `python {path.name}` to see it.") from None
    except BaseException as exc:  # noqa: BLE001 - SystemExit at import is a submission bug too
        del sys.modules[name]
        last = traceback.extract_tb(exc.__traceback__)[-1:]
        where = f" (line {last[0].lineno})" if last else ""
        raise LoadError(f"importing {path.name} raised {type(exc).__name__}{where}: {exc}") from None
    return module


class Submission:
    """The student's module, with errors that teach.

    Attribute access goes to the module; a missing name fails the test with a
    message naming the file and the function instead of an AttributeError.
    ``.module`` is the real module (for ``monkeypatch``), ``.path`` its file.
    """

    def __init__(self, slug: str, path: Path, module):
        self.slug = slug
        self.path = Path(path)
        self.module = module

    def __getattr__(self, name):
        try:
            return getattr(self.module, name)
        except AttributeError:
            raise MissingName(f"{self.path.name} has no `{name}`: define it with the name "
                              f"and signature given in the stub") from None


class MissingName(AttributeError):
    """The submission lacks a function or global the exercise asks for."""

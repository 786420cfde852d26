"""Generate the nbgrader source notebooks (``source/<part>/<slug>.ipynb``).

One notebook per exercise, one nbgrader assignment per part, made from the
same single source as the stubs: the solution (with its markers), the
lesson (README.md and README.zh.md), the hints, and the grader's tests with
their points.  The cells, in order:

1. how to work in the notebook (English and Chinese);
2. the lesson in English, then in Chinese;
3. the answer cell: ``%%writefile <slug>.py`` + the solution module
   (nbgrader: autograded answer; its solution regions are cleared on release);
4. a locked cell that imports that module (to try it in the notebook);
5. a locked cell that runs the visible self-check;
6. one locked grade cell per grader test, worth the test's points, whose
   hidden part is a single call (:func:`conclab.notebook.grade`);
7. the hints.

Points come from collecting the graders (``pytest --collect-only``), so a
grade cell is always worth what the pytest grader gives for that test.
"""
from __future__ import annotations

import re
from pathlib import Path

import nbformat

from conclab import catalog

SOURCE = "source"


def notebook_path(ex: catalog.Exercise) -> Path:
    return ex.root / SOURCE / ex.part / f"{ex.slug}.ipynb"


def grader_points(root: Path = catalog.ROOT) -> dict[str, dict[str, float]]:
    """``{slug: {test function: points}}``, parametrizations added up, in grader order."""
    from conclab.grading.plan import collect
    points: dict[str, dict[str, float]] = {}
    for slug, tests in collect(root).items():
        functions = points.setdefault(slug, {})
        for test in tests:
            name = test.name.split("[")[0]
            functions[name] = functions.get(name, 0.0) + test.points
    return points


def _lesson(path: Path) -> str:
    """A README without its first-line pointer to the .py file (the notebook says its own)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if not re.match(r"^\*(Edit|修改) ", line)]
    return "\n".join(kept).strip() + "\n"


def _how_to(ex: catalog.Exercise) -> str:
    slug = ex.slug
    return f"""\
**How this notebook works.** Your code goes into the cell that starts with
`%%writefile {slug}.py`: running it saves the cell as the module `{slug}.py`
beside this notebook (it does not run it). The next cell imports it as `{slug}`,
so you can try your functions in cells of your own; the one after runs the
self-check. Run the cells from the top after every change. Write your code only
between the lines the stub marks; leave the other cells as they are.

- Because your code is a real module, worker processes can import it under every
  start method: `fork`, `forkserver` (the default on Linux from Python 3.14) and
  `spawn` (the default on macOS and Windows). Functions written directly in a
  notebook cell only work with `fork`, on Linux.
- A notebook already runs an event loop: `asyncio.run(...)` fails here. Write
  `await main(...)` in a cell instead; your module itself is graded outside the
  notebook, where `asyncio.run` works as in a script.
- The graded cells at the end run the instructor's hidden tests when your
  notebook is graded; here they do nothing.

**本 notebook 的用法。** 你的代码写在以 `%%writefile {slug}.py` 开头的单元格里：运行它会把
该单元格保存为本 notebook 旁边的模块 `{slug}.py`（并不执行它）。下一个单元格把它导入为
`{slug}`，你可以在自己新建的单元格里试用；再下一个单元格运行自检。每次修改后请从头运行。
只在存根标出的位置写代码，其他单元格保持不变。

- 你的代码是真正的模块，所以在任何启动方式下子进程都能导入它：`fork`、`forkserver`
  （Python 3.14 起 Linux 的默认方式）和 `spawn`（macOS 和 Windows 的默认方式）。直接写在
  notebook 单元格里的函数只在 Linux 的 `fork` 下可用。
- notebook 里已经有一个正在运行的事件循环：这里 `asyncio.run(...)` 会失败，请在单元格里写
  `await main(...)`；评分时你的模块在 notebook 之外运行，`asyncio.run` 和在脚本里一样可用。
- 末尾的评分单元格在评分时运行教师的隐藏测试；在这里它们什么也不做。
"""


def _meta(kind: str, grade_id: str, points: float | None = None) -> dict:
    # nbgrader cell metadata, schema 3.
    meta = {"grade": kind == "grade", "solution": kind == "solution",
            "locked": kind in ("grade", "locked"), "grade_id": grade_id,
            "schema_version": 3, "task": False}
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def notebook(ex: catalog.Exercise, points: dict[str, float]) -> nbformat.NotebookNode:
    """The source notebook of ``ex`` (``points``: its grader's tests and their points)."""
    slug = ex.slug
    nb = nbformat.v4.new_notebook()
    nb.metadata = {"kernelspec": {"display_name": "Python 3", "language": "python",
                                  "name": "python3"},
                   "language_info": {"name": "python"}}
    cells = [
        nbformat.v4.new_markdown_cell(_how_to(ex), metadata=_meta("locked", f"{slug}-howto")),
        nbformat.v4.new_markdown_cell(_lesson(ex.folder / "README.md"),
                                      metadata=_meta("locked", f"{slug}-lesson-en")),
        nbformat.v4.new_markdown_cell(_lesson(ex.folder / "README.zh.md"),
                                      metadata=_meta("locked", f"{slug}-lesson-zh")),
        nbformat.v4.new_code_cell(f"%%writefile {slug}.py\n"
                                  + ex.solution.read_text(encoding="utf-8").rstrip("\n"),
                                  metadata=_meta("solution", f"{slug}-answer")),
        nbformat.v4.new_code_cell(f"from conclab.notebook import check, load\n\n"
                                  f"{slug} = load({slug!r})   # your module, freshly imported",
                                  metadata=_meta("locked", f"{slug}-load")),
        nbformat.v4.new_code_cell(f"check({slug!r})   # the self-check; the graded tests check more",
                                  metadata=_meta("locked", f"{slug}-check")),
        nbformat.v4.new_markdown_cell(
            f"## Graded tests / 评分测试\n\nEach cell below is one hidden test of the grader, "
            f"worth its points ({sum(points.values()):g} in all).\n"
            f"下面每个单元格对应评分器的一个隐藏测试（共 {sum(points.values()):g} 分）。",
            metadata=_meta("locked", f"{slug}-graded")),
    ]
    for test, value in points.items():
        cells.append(nbformat.v4.new_code_cell(
            f"# {test}: {value:g} point{'s' if value != 1 else ''} / {value:g} 分\n"
            f"### BEGIN HIDDEN TESTS\n"
            f"from conclab.notebook import grade\n"
            f"grade({slug!r}, {test!r})\n"
            f"### END HIDDEN TESTS",
            metadata=_meta("grade", f"{slug}-{test}", value)))
    cells.append(nbformat.v4.new_markdown_cell(
        (ex.folder / "HINTS.md").read_text(encoding="utf-8"),
        metadata=_meta("locked", f"{slug}-hints")))
    for number, cell in enumerate(cells):
        cell.id = f"{slug[:50]}-{number}"   # stable ids: the file is the same on every build
    nb.cells = cells
    return nb


def notebook_texts(root: Path = catalog.ROOT) -> dict[Path, str]:
    """Every source notebook's path and text."""
    points = grader_points(root)
    out = {}
    for ex in catalog.exercises(root):
        nb = notebook(ex, points.get(ex.slug, {}))
        out[notebook_path(ex)] = nbformat.writes(nb) + "\n"
    return out

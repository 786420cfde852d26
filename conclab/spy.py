"""Spies on a student's process targets: the real function runs, each call is recorded.

:mod:`conclab.tasks` *replaces* a student's worker function with a stand-in
that does made-up work.  Some exercises grade the worker function itself
(``add`` must take a lock, ``fill_squares`` must write its own slice), so
the grader must not replace it.  A :class:`Spy` wraps it instead.  The grader
puts the spy in the student's module under the function's name; the student's
code hands it to ``Process(target=...)`` like any function; a child process
calls it, and the spy:

1. records that the call started, in which process (one line in a log file);
2. optionally waits at a rendezvous (``meet=k``: until calls have started in
   ``k`` distinct processes), so that code which starts its processes one
   after another is caught for sure, and correct code is *forced* to run
   ``k`` calls at the same time;
3. calls the student's real function;
4. optionally pauses (``pause``), so a parent that does not wait for its
   children is caught returning while they still run;
5. records the end: when, which process, the call's plain arguments
   (numbers, strings; anything else by its type name), and the exception's
   text if the real function raised.

Picklable for spawn and forkserver: the real function travels by module and
name, and the child finds it in its own fresh import of the student's module,
where the grader's monkeypatch does not exist.  Under fork the child is a copy
of the grading process, whose module global *is* the spy, so the spy also
keeps a direct reference to the real function, dropped when pickled.

Records are lines appended to one file with single ``os.write`` calls, as in
:mod:`conclab.tasks`: concurrent writers in many processes never interleave.

Concurrency:
    A spy is called in many processes at once.  ``meet`` blocks the caller
    until enough processes have started a call, or ``meet_timeout`` passes
    (the first to give up tells the others, so a wrong solution pays it once).
"""
from __future__ import annotations

import importlib
import inspect
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from conclab.tasks import POLL, append_line, process_name, read_lines
from conclab.timeline import Interval

LOG_NAME = "calls.jsonl"


def _plain(value):
    """A JSON-friendly picture of one argument: plain values as they are."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return f"<{type(value).__name__}>"


@dataclass(frozen=True)
class Call:
    """One finished call of a spied function, as written by the process that ran it."""
    name: str           # the spied function's name
    args: dict          # argument name -> plain value (see _plain)
    pid: int
    process: str        # multiprocessing's process name, e.g. "Process-3"
    start: float        # time.perf_counter(): CLOCK_MONOTONIC, shared by all processes
    end: float
    met: bool           # False when a rendezvous gave up waiting
    error: str | None   # repr of the exception the real function raised, if any
    called: float       # when the real function was called (after the rendezvous)
    returned: float     # when it returned or raised (before the pause)

    def ran_with(self, other: "Call") -> float:
        """Seconds during which this call's real function and ``other``'s both ran."""
        return max(0.0, min(self.returned, other.returned) - max(self.called, other.called))

    def interval(self) -> Interval:
        shown = ", ".join(f"{k}={v}" for k, v in self.args.items() if not str(v).startswith("<"))
        return Interval(f"pid {self.pid}", self.start, self.end, shown)


class Spy:
    """A stand-in for ``module.name`` that records each call, then makes it.

    Args:
        module: the student's module name (``exercise.slug``).
        name: the function to spy on, a module-level function of ``module``.
        folder: where the log file lives (a fresh folder per test).
        meet: wait until calls have started in this many distinct processes.
        meet_timeout: give up waiting after this long.
        pause: seconds to sleep after the real call returned.

    Concurrency:
        Called in child processes at the same time; see the module's doc.
    """

    def __init__(self, module: str, name: str, folder, *, meet: int = 0,
                 meet_timeout: float = 2.0, pause: float = 0.0):
        self.module = module
        self.name = name
        self.path = str(Path(folder) / LOG_NAME)
        self.meet = meet
        self.meet_timeout = meet_timeout
        self.pause = pause
        self.home = os.getpid()  # the grader: nobody else can join a rendezvous here
        self._original = getattr(sys.modules[module], name)

    def __repr__(self):
        return f"<conclab spy on {self.module}.{self.name}: {self.path}>"

    def __getstate__(self):
        state = dict(self.__dict__)
        state["_original"] = None  # found again by name in the child (see module doc)
        return state

    def original(self):
        """The student's real function, in whichever process this runs."""
        if self._original is not None:
            return self._original
        func = getattr(importlib.import_module(self.module), self.name)
        while isinstance(func, Spy):  # a forked child of a process that holds a spy
            func = func._original
        return func

    def __call__(self, *args, **kwargs):
        pid = os.getpid()
        start = time.perf_counter()
        append_line(self.path, {"event": "start", "pid": pid, "name": self.name})
        met = True
        if self.meet > 1:
            met = self._rendezvous() if pid != self.home else self._give_up(pid)
        func = self.original()
        error = None
        called = time.perf_counter()
        try:
            return func(*args, **kwargs)
        except BaseException as exc:
            error = f"{type(exc).__name__}: {exc}"
            raise
        finally:
            returned = time.perf_counter()
            if self.pause:
                time.sleep(self.pause)
            append_line(self.path, {
                "event": "end", "name": self.name, "args": _arguments(func, args, kwargs),
                "pid": pid, "process": process_name(), "start": start,
                "end": time.perf_counter(), "met": met, "error": error,
                "called": called, "returned": returned})

    def _rendezvous(self) -> bool:
        deadline = time.perf_counter() + self.meet_timeout
        while True:
            entries = read_lines(self.path)
            if any(e["event"] == "gave-up" for e in entries):
                return False
            if len({e["pid"] for e in entries if e["event"] == "start"}) >= self.meet:
                return True
            if time.perf_counter() > deadline:
                return self._give_up(os.getpid())
            time.sleep(POLL)

    def _give_up(self, pid: int) -> bool:
        append_line(self.path, {"event": "gave-up", "pid": pid})
        return False


def _arguments(func, args, kwargs) -> dict:
    try:
        bound = inspect.signature(func).bind(*args, **kwargs).arguments
    except (TypeError, ValueError):
        bound = {**{f"arg{i}": a for i, a in enumerate(args)}, **kwargs}
    return {k: _plain(v) for k, v in bound.items()}


class SpyLog:
    """A folder where spies record calls, and what the grader reads back.

    Example::

        log = SpyLog(tmp_path)
        monkeypatch.setattr(exercise.module, "add", log.spy(exercise.slug, "add", meet=2))
        exercise.count_together([1, 3], 100)
        log.calls()   # one Call per finished call, in finishing order
    """

    def __init__(self, folder):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.path = self.folder / LOG_NAME

    def spy(self, module: str, name: str, **options) -> Spy:
        """A fresh :class:`Spy` on ``module.name`` writing to this log."""
        return Spy(module, name, self.folder, **options)

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)

    def calls(self) -> list[Call]:
        """Finished calls, in the order they finished."""
        return [Call(e["name"], e["args"], e["pid"], e["process"], e["start"], e["end"],
                     e["met"], e["error"], e["called"], e["returned"])
                for e in read_lines(str(self.path)) if e["event"] == "end"]

    def started_pids(self) -> set[int]:
        """Processes in which at least one call started (finished or not)."""
        return {e["pid"] for e in read_lines(str(self.path)) if e["event"] == "start"}

    def gave_up(self) -> bool:
        """True when a rendezvous timed out: fewer processes than asked ran at once."""
        return any(e["event"] == "gave-up" for e in read_lines(str(self.path)))

    def intervals(self) -> list[Interval]:
        return [c.interval() for c in self.calls()]

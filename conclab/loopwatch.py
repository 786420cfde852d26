"""Run a student's coroutine on a helper thread, and notice a blocked event loop.

asyncio can only switch tasks at an ``await``.  Code that blocks the thread
instead -- ``time.sleep``, a busy loop waiting for a flag, a task waiting for
a ``threading.Lock`` that another *task* of the same loop holds -- stops every
task and every timer, so :func:`conclab.aio.run`'s own timeout never fires
and the test would hang until pytest-timeout kills it, saying nothing useful.

:func:`run` calls :func:`conclab.aio.run` on a daemon thread while a
callback in the loop ticks every few milliseconds.  The calling thread
watches the ticks: when they stop for ``blocked_after`` seconds it reads the
stuck thread's stack and raises :class:`LoopBlocked`, naming the line of the
student's file that holds the loop.

Concurrency:
    The coroutine runs in a fresh event loop on its own daemon thread.  A loop
    blocked for good cannot be cleaned up: its thread is left behind, daemonic
    (the pytest plugin joins leftover threads briefly and moves on), and so
    is whatever it holds.
"""
from __future__ import annotations

import asyncio
import functools
import inspect
import linecache
import os
import sys
import threading
import time
from dataclasses import dataclass
from typing import Callable

from conclab import aio
from conclab.interleave import StillRunning

TICK = 0.005        # seconds between two ticks of a loop that is turning
WATCHER_LATE = 0.1  # seconds: a watcher poll this late means the whole process stalled


@dataclass(frozen=True)
class Frame:
    """One line of Python the blocked thread was running."""
    filename: str
    lineno: int
    function: str

    @property
    def source(self) -> str:
        return linecache.getline(self.filename, self.lineno).strip()

    def describe(self) -> str:
        text = f"{os.path.basename(self.filename)} line {self.lineno}, in {self.function}"
        return f"{text}: `{self.source}`" if self.source else text


class LoopBlocked(StillRunning):
    """The event loop stopped turning: something blocked its thread.

    Attributes:
        frames: the blocked thread's Python frames, outermost first.
        where: the innermost of them in the student's file, or None.
        seconds: how long the loop had not turned when the watcher gave up.
    """

    def __init__(self, message: str, frames: list[Frame], where: Frame | None, seconds: float):
        super().__init__(message)
        self.frames = frames
        self.where = where
        self.seconds = seconds


def run(fn: Callable, *args, timeout: float = 3.0, blocked_after: float = 0.5,
        path=None, what: str | None = None, **kwargs) -> aio.Outcome:
    """``aio.run(fn, *args, **kwargs)`` on a helper thread, watching its loop.

    Args:
        timeout: passed to :func:`conclab.aio.run` (a coroutine that awaits
            forever is cancelled after it).
        blocked_after: seconds without a tick before the loop counts as blocked.
        path: the student's file; the message names the line of it that
            blocks the loop.
        what: how to name the call in messages (default ``fn()``).

    Returns:
        The :class:`conclab.aio.Outcome`.

    Raises:
        LoopBlocked: the loop stopped turning for ``blocked_after`` seconds.
        StillRunning: the helper thread was still busy long after ``timeout``.
    """
    what = what or f"{getattr(fn, '__name__', 'the coroutine')}()"
    last_tick = [time.monotonic()]
    box: dict = {}

    @functools.wraps(fn)
    async def ticking(*a, **kw):
        loop = asyncio.get_running_loop()

        def tick():
            last_tick[0] = time.monotonic()
            loop.call_later(TICK, tick)   # a callback, not a task: cleanup does not cancel it
        tick()
        awaitable = fn(*a, **kw)
        if not inspect.isawaitable(awaitable):
            raise TypeError(f"{getattr(fn, '__name__', 'it')}() returned "
                            f"{type(awaitable).__name__}, not a coroutine: define it with "
                            f"`async def`")
        return await awaitable

    def body():
        try:
            box["out"] = aio.run(ticking, *args, timeout=timeout, **kwargs)
        except BaseException as exc:  # noqa: BLE001 - handed to the caller
            box["error"] = exc

    thread = threading.Thread(target=body, name="conclab-event-loop", daemon=True)
    last_tick[0] = time.monotonic()
    thread.start()
    give_up = time.monotonic() + timeout + 3.0   # aio.run's own cleanup needs < 1 s
    polled = time.monotonic()
    while thread.is_alive():
        thread.join(0.01)
        if not thread.is_alive():
            break
        now = time.monotonic()
        if now - polled > WATCHER_LATE:
            # The watcher itself was not scheduled for a while: the whole process
            # stalled (a loaded machine), not just the loop.  Give the loop a new chance.
            last_tick[0] = max(last_tick[0], now)
        polled = now
        stalled = now - last_tick[0]
        if stalled >= blocked_after:
            raise _blocked(thread, stalled, path, what)
        if now > give_up:
            raise StillRunning(f"{what} did not finish within {timeout + 3:g} s")
    if "error" in box:
        raise box["error"]
    return box["out"]


def frames_of(thread: threading.Thread) -> list[Frame]:
    """The Python frames ``thread`` is running now, outermost first."""
    frame = sys._current_frames().get(thread.ident)
    out = []
    while frame is not None:
        out.append(Frame(frame.f_code.co_filename, frame.f_lineno, frame.f_code.co_name))
        frame = frame.f_back
    return out[::-1]


def _blocked(thread, seconds, path, what) -> LoopBlocked:
    frames = frames_of(thread)
    where = None
    if path is not None:
        target = os.path.realpath(str(path))
        mine = [f for f in frames if os.path.realpath(f.filename) == target]
        where = mine[-1] if mine else None
    at = f" at {where.describe()}" if where else ""
    message = (f"{what} blocked the event loop{at}: no task could run for {seconds:.1f} s. "
               f"Only an `await` lets other tasks run; code that waits without one (time.sleep, "
               f"a busy loop, a threading.Lock that another task holds) stops every task, "
               f"including the one that would let it go on.")
    return LoopBlocked(message, frames, where, seconds)

"""Run a student's coroutine for a grader, and record what its tasks did.

:func:`run` runs ``fn(*args)`` in a fresh event loop with a hard timeout,
notes which tasks were still running at the very moment the student's
coroutine returned (before any other task gets a turn), then cancels and
awaits every task left over and closes the loop.  Nothing the student started
outlives the call, and the next test gets a clean loop.

:class:`TaskRecorder` wraps a coroutine function (usually a grader's stand-in
for the student's worker, installed with ``monkeypatch``) so that every call
records the task that ran it and when it started and ended, as
:class:`conclab.timeline.Interval` on the ``time.perf_counter`` clock.

Concurrency:
    Everything runs in the calling thread.  A coroutine that awaits forever is
    cancelled after ``timeout``; tasks that swallow ``CancelledError`` are
    cancelled again and then abandoned after ``grace`` seconds (listed in
    :attr:`Outcome.stuck`).  A coroutine that blocks the loop (``time.sleep``,
    a busy loop) cannot be interrupted from inside the loop: the test's own
    timeout (pytest-timeout) has to catch that one.
"""
from __future__ import annotations

import asyncio
import functools
import inspect
import time
from dataclasses import dataclass, field
from typing import Any, Callable

from conclab.interleave import StillRunning
from conclab.timeline import Interval


@dataclass
class Outcome:
    """What happened when :func:`run` ran a coroutine."""
    name: str
    value: Any = None
    error: BaseException | None = None
    elapsed: float = 0.0          # seconds from the call to its return (or raise)
    timed_out: bool = False
    left_running: list = field(default_factory=list)  # tasks not done when it returned
    left_cancelling: list = field(default_factory=list)  # those of them asked to cancel
    stuck: list = field(default_factory=list)         # tasks still alive after cleanup
    loop_errors: list = field(default_factory=list)   # what the loop would have logged

    def result(self) -> Any:
        """The value it returned; re-raises what it raised.

        Raises:
            StillRunning: it did not return within the timeout.
        """
        if self.timed_out:
            raise StillRunning(f"{self.name}() did not return within the time limit: "
                               f"something it awaits never finishes")
        if self.error is not None:
            raise self.error
        return self.value


def cancel_requested(task: asyncio.Task) -> bool:
    """True if ``task`` was asked to cancel and has not finished yet."""
    if task.done():
        return False
    cancelling = getattr(task, "cancelling", None)   # 3.11+
    if cancelling is not None:
        return cancelling() > 0
    waiter = getattr(task, "_fut_waiter", None)       # 3.10: private, best effort
    return bool(getattr(task, "_must_cancel", False) or (waiter is not None and waiter.cancelled()))


def run(fn: Callable, *args, timeout: float = 3.0, grace: float = 0.5, **kwargs) -> Outcome:
    """Run ``await fn(*args, **kwargs)`` in a fresh event loop.

    Never raises for the student's behaviour: what it returned or raised, and
    the tasks it left behind, come back in the :class:`Outcome`.  An interrupt
    from outside (``KeyboardInterrupt``, the test's own timeout) is re-raised
    once the loop is cleaned up.
    ``fn`` that is not ``async def`` gives an ``error`` saying so.
    """
    out = Outcome(getattr(fn, "__name__", repr(fn)))
    loop = asyncio.new_event_loop()
    # Collect, don't log: "Task exception was never retrieved" is logged when
    # the task is garbage-collected, possibly in the middle of pytest building
    # a report, and on 3.11 its traceback formatting calls ast.parse inside
    # pytest's own ast.parse and crashes pytest (INTERNALERROR SystemError).
    loop.set_exception_handler(lambda _loop, context: out.loop_errors.append(context))
    try:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(_drive(out, fn, args, kwargs, timeout, grace))
    finally:
        try:
            loop.run_until_complete(loop.shutdown_asyncgens())
        finally:
            asyncio.set_event_loop(None)
            loop.close()
    if _interrupt(out.error):
        # Not the student's doing: Ctrl-C, or the test's own timeout
        # (pytest-timeout raising inside a loop that a blocking call held).
        raise out.error
    return out


def _interrupt(error: BaseException | None) -> bool:
    return (error is not None and not isinstance(error, Exception)
            and not isinstance(error, (asyncio.CancelledError, SystemExit, GeneratorExit)))


async def _drive(out: Outcome, fn, args, kwargs, timeout: float, grace: float) -> None:
    me = asyncio.current_task()
    main: asyncio.Task

    async def observed():
        start = time.perf_counter()
        try:
            awaitable = fn(*args, **kwargs)
            if not inspect.isawaitable(awaitable):
                raise TypeError(f"{out.name}() returned {type(awaitable).__name__}, not a "
                                f"coroutine: define it with `async def`")
            return await awaitable
        finally:
            # Snapshot now, synchronously: one loop iteration later a task the
            # student only cancel()ed (without awaiting it) would already be done.
            out.elapsed = time.perf_counter() - start
            out.left_running = [t for t in asyncio.all_tasks()
                                if not t.done() and t is not me and t is not main]
            out.left_cancelling = [t for t in out.left_running if cancel_requested(t)]

    main = asyncio.ensure_future(observed())
    await asyncio.wait({main}, timeout=timeout)
    if not main.done():
        out.timed_out = True
        main.cancel()
        await asyncio.wait({main}, timeout=grace)
    if main.done():
        if main.cancelled():
            if not out.timed_out:
                # Nobody cancelled it from outside: CancelledError came out of its own code.
                out.error = asyncio.CancelledError()
        elif main.exception() is not None:
            out.error = main.exception()
        else:
            out.value = main.result()
    # Cancel and await whatever is left, twice for tasks that swallow one cancel.
    others = [t for t in asyncio.all_tasks() if t is not me and not t.done()]
    for _ in range(2):
        if not others:
            break
        for task in others:
            task.cancel()
        await asyncio.wait(others, timeout=grace / 2)
        others = [t for t in others if not t.done()]
    out.stuck = others


@dataclass
class TaskCall:
    """One recorded call of a wrapped coroutine function."""
    task: asyncio.Task | None
    label: str
    start: float
    end: float | None = None
    how: str = "running"          # returned | raised | cancelled | running

    @property
    def task_name(self) -> str:
        return self.task.get_name() if self.task is not None else "no task"

    @property
    def interval(self) -> Interval:
        """One timeline row per call, named by its label; the task's name as label."""
        return Interval(self.label, self.start, self.end if self.end is not None else self.start,
                        self.task_name)


class TaskRecorder:
    """Records every call of the coroutine functions it wraps."""

    def __init__(self):
        self.calls: list[TaskCall] = []

    def wrap(self, fn: Callable, label: Callable[..., str] | None = None) -> Callable:
        """An ``async def`` with ``fn``'s signature that records each call.

        ``label(*args, **kwargs)`` names a call in timelines and messages.
        """
        @functools.wraps(fn)
        async def wrapper(*args, **kwargs):
            text = label(*args, **kwargs) if label else ", ".join(map(repr, args))
            call = TaskCall(asyncio.current_task(), text, time.perf_counter())
            self.calls.append(call)
            try:
                value = await fn(*args, **kwargs)
            except asyncio.CancelledError:
                call.how = "cancelled"
                raise
            except BaseException:
                call.how = "raised"
                raise
            else:
                call.how = "returned"
                return value
            finally:
                call.end = time.perf_counter()
        return wrapper

    def intervals(self) -> list[Interval]:
        return [call.interval for call in self.calls]

"""Instrumented stand-ins for a student's ``job``: tasks that report what ran where.

A grader swaps the student's module-level ``job`` for a :class:`Task` (with
``monkeypatch.setattr(module, "job", task)``).  The student's pool pickles it
like any function, a worker calls it, and the task appends one line about
itself to a log file that the grader reads back with :class:`TaskLog`:
which process and thread ran it, when it started and ended, and how much CPU
time its thread used.  A task can also shape the schedule so that graders
force what they check instead of hoping for it:

- ``meet=k``: wait until tasks have started in ``k`` distinct processes
  (a rendezvous), so a correct pool of ``k`` workers is *forced* to run ``k``
  tasks at once, and code that runs them one at a time is caught for sure;
- ``delays={x: seconds}``: sleep per input, so tasks finish out of order;
- ``cpu=seconds``: burn that much CPU (for speedup evidence);
- ``linger=seconds``: keep the worker process alive that long after it is
  told to exit (a non-daemon thread), so an unjoined pool is always caught.

Why a picklable object and not environment variables: a forkserver child is
forked from the forkserver, which was started once, earlier; it does not see
variables the grader sets later (measured on 3.11).  The task's settings
travel inside the pickle instead, which works under fork, forkserver and
spawn alike.  ``Task`` is defined at module level so workers can import it.

Concurrency:
    Tasks run at the same time in many processes and threads.  Each record is
    one ``os.write`` of one line (well under ``PIPE_BUF``) to a file opened
    with ``O_APPEND``: the kernel appends it whole, so concurrent writers
    never interleave or overwrite each other's lines, and no lock is shared.
"""
from __future__ import annotations

import json
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from conclab.timeline import Interval

LOG_NAME = "tasks.jsonl"
POLL = 0.001          # seconds between rendezvous checks


@dataclass(frozen=True)
class Record:
    """One finished task, as written by the worker that ran it."""
    x: object
    pid: int
    process: str        # multiprocessing's process name, e.g. "ForkPoolWorker-1"
    thread: str
    start: float        # time.perf_counter(): CLOCK_MONOTONIC, shared by all processes
    end: float
    cpu: float          # time.thread_time() used by the task's own thread
    met: bool           # False when a rendezvous gave up waiting

    def interval(self) -> Interval:
        return Interval(f"pid {self.pid}", self.start, self.end, f"x={self.x!r}")


def append_line(path: str, entry: dict) -> None:
    """Append ``entry`` as one JSON line, in one ``os.write`` (never interleaved)."""
    line = (json.dumps(entry, default=repr) + "\n").encode()
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
    try:
        os.write(fd, line)  # one write per line: appended whole (see module doc)
    finally:
        os.close(fd)


def read_lines(path: str) -> list[dict]:
    """Every complete line :func:`append_line` wrote to ``path``."""
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except FileNotFoundError:
        return []
    # A line being written right now may be incomplete: ignore it.
    return [json.loads(line) for line in text.splitlines(keepends=True) if line.endswith("\n")]


def spin(seconds: float) -> float:
    """Keep this thread on the CPU for ``seconds`` of its own CPU time.

    Counting CPU time, not wall time, makes the work the same size however
    busy the machine is: a busy machine only makes it take longer.
    Returns the CPU time used.
    """
    start = time.thread_time()
    n = 0
    while time.thread_time() - start < seconds:
        for i in range(200):  # pure-Python work: holds the GIL, like real CPU-bound code
            n += i * i
    return time.thread_time() - start


class Task:
    """A ``job(x)`` that returns ``x * x`` and records where and when it ran.

    Args:
        folder: where the log file lives (a fresh folder per test).
        cpu: CPU seconds to burn before returning.
        delays: seconds to sleep, per input ``x`` (missing: no sleep).
        sleep: seconds to sleep for every input (after ``delays``).
        meet: wait until tasks have started in this many distinct processes.
        meet_timeout: give up waiting after this long; the first task to give
            up tells the others, so a wrong solution pays this only once.
        linger: keep the worker process alive this long after its last task
            (a non-daemon thread; the process exits only when it ends).

    Concurrency:
        Called in worker processes (or threads, in a wrong solution) at the
        same time.  ``meet`` blocks the calling worker, so while it waits the
        pool must give the next tasks to other workers.
    """

    def __init__(self, folder, *, cpu: float = 0.0, delays: dict | None = None,
                 sleep: float = 0.0, meet: int = 0, meet_timeout: float = 2.0,
                 linger: float = 0.0):
        self.path = str(Path(folder) / LOG_NAME)
        self.cpu = cpu
        self.delays = dict(delays or {})
        self.sleep = sleep
        self.meet = meet
        self.meet_timeout = meet_timeout
        self.linger = linger
        # Where the task was made (the grader).  A task that runs there is
        # run by serial code or a thread: no other process can ever join
        # its rendezvous, so it does not wait for one.
        self.home = os.getpid()

    def __repr__(self):
        return f"<conclab task standing in for job: {self.path}>"

    def __call__(self, x):
        pid = os.getpid()
        start = time.perf_counter()
        cpu0 = time.thread_time()
        append_line(self.path, {"event": "start", "pid": pid, "x": x})
        met = True
        if self.meet > 1:
            met = self._rendezvous(pid) if pid != self.home else self._give_up(pid)
        pause = self.delays.get(x, 0.0) + self.sleep
        if pause:
            time.sleep(pause)
        if self.cpu:
            spin(self.cpu)
        if self.linger and pid != self.home:
            threading.Thread(target=time.sleep, args=(self.linger,), daemon=False,
                             name="conclab-linger").start()
        end = time.perf_counter()
        append_line(self.path, {
            "event": "end", "x": x, "pid": pid,
            "process": process_name(), "thread": threading.current_thread().name,
            "start": start, "end": end, "cpu": time.thread_time() - cpu0, "met": met})
        return x * x

    def _rendezvous(self, pid: int) -> bool:
        deadline = time.perf_counter() + self.meet_timeout
        while True:
            entries = read_lines(self.path)
            if any(e["event"] == "gave-up" for e in entries):
                return False
            if len({e["pid"] for e in entries if e["event"] == "start"}) >= self.meet:
                return True
            if time.perf_counter() > deadline:
                return self._give_up(pid)
            time.sleep(POLL)

    def _give_up(self, pid: int) -> bool:
        append_line(self.path, {"event": "gave-up", "pid": pid})
        return False


def process_name() -> str:
    import multiprocessing
    return multiprocessing.current_process().name


class TaskLog:
    """A folder where tasks record themselves, and what the grader reads back.

    Example::

        log = TaskLog(tmp_path)
        monkeypatch.setattr(exercise.module, "job", log.task(meet=2))
        exercise.pool_map([1, 2, 3])
        log.records()   # one Record per finished task, in finishing order
    """

    def __init__(self, folder):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.path = self.folder / LOG_NAME

    def task(self, **options) -> Task:
        """A fresh :class:`Task` writing to this log (see its arguments)."""
        return Task(self.folder, **options)

    def clear(self) -> None:
        """Forget every record (between attempts of one test)."""
        self.path.unlink(missing_ok=True)

    def records(self) -> list[Record]:
        """Finished tasks, in the order they finished."""
        return [Record(e["x"], e["pid"], e["process"], e["thread"], e["start"],
                       e["end"], e["cpu"], e["met"])
                for e in read_lines(str(self.path)) if e["event"] == "end"]

    def started_pids(self) -> set[int]:
        """Processes in which at least one task started (finished or not)."""
        return {e["pid"] for e in read_lines(str(self.path)) if e["event"] == "start"}

    def gave_up(self) -> bool:
        """True when a rendezvous timed out: fewer processes than asked ran tasks at once."""
        return any(e["event"] == "gave-up" for e in read_lines(str(self.path)))

    def intervals(self) -> list[Interval]:
        return [r.interval() for r in self.records()]

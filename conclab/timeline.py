"""Intervals of work observed by graders, and what they prove.

A grader records one :class:`Interval` per unit of work (a task, a request, a
thread body): who ran it (a worker: pid, thread name, task name), and when it
started and ended on a clock shared by every process (``time.perf_counter``
is ``CLOCK_MONOTONIC`` on Linux).  From those it reads concurrency that was
really observed, rather than trusting the wall clock alone, and it can draw
what ran when into a failure message.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Iterable


@dataclass(frozen=True)
class Interval:
    worker: str
    start: float
    end: float
    label: str = ""

    @property
    def duration(self) -> float:
        return self.end - self.start

    def to_dict(self) -> dict:
        return asdict(self)


def _events(intervals: Iterable[Interval]):
    # Ends sort before starts at the same instant: touching intervals do not overlap.
    events = []
    for iv in intervals:
        events.append((iv.start, 1, iv.worker))
        events.append((iv.end, -1, iv.worker))
    events.sort(key=lambda e: (e[0], e[1]))
    return events


def max_concurrency(intervals: Iterable[Interval]) -> int:
    """The largest number of intervals open at the same instant."""
    best = running = 0
    for _, delta, _ in _events(intervals):
        running += delta
        best = max(best, running)
    return best


def overlap_time(intervals: Iterable[Interval], min_workers: int = 2) -> float:
    """Seconds during which at least ``min_workers`` distinct workers were busy."""
    active: dict[str, int] = {}
    total = 0.0
    last = None
    for t, delta, worker in _events(intervals):
        if last is not None and len(active) >= min_workers:
            total += t - last
        active[worker] = active.get(worker, 0) + delta
        if active[worker] == 0:
            del active[worker]
        last = t
    return total


def span(intervals: Iterable[Interval]) -> float:
    """Seconds from the first start to the last end (0 when empty)."""
    intervals = list(intervals)
    if not intervals:
        return 0.0
    return max(iv.end for iv in intervals) - min(iv.start for iv in intervals)


def _natural(name: str) -> list:
    # "conn 7" before "conn 10", "pid 998" before "pid 1001".
    return [(0, int(part), "") if part.isdigit() else (1, 0, part)
            for part in re.split(r"(\d+)", name)]


# The intervals of the last picture drawn, for the report of a failed test:
# conclab grade draws them again as a timeline in the student's feedback.
last_rendered: list[Interval] = []


def render(intervals: Iterable[Interval], width: int = 50) -> str:
    """Text bars, one row per worker, for failure messages.

    Example::

        pid 4101  |#####     #####               |  0-120 ms
        pid 4102  |     #####     #####          |
    """
    intervals = sorted(intervals, key=lambda iv: (iv.worker, iv.start))
    last_rendered[:] = intervals
    if not intervals:
        return "(nothing was recorded)"
    t0 = min(iv.start for iv in intervals)
    total = max(span(intervals), 1e-9)
    workers = sorted({iv.worker for iv in intervals}, key=_natural)
    name_width = min(max(len(w) for w in workers), 24)
    rows = []
    for worker in workers:
        cells = [" "] * width
        for iv in intervals:
            if iv.worker != worker:
                continue
            a = int((iv.start - t0) / total * width)
            b = max(a + 1, int(round((iv.end - t0) / total * width)))
            for i in range(a, min(b, width)):
                cells[i] = "#"
        rows.append(f"{worker[:name_width]:<{name_width}} |{''.join(cells)}|")
    rows.append(f"{'':<{name_width}}  0 ms{'':>{width - 10}}{total * 1000:.0f} ms")
    return "\n".join(rows)

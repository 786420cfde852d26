"""Evidence that work really ran in parallel, from what was observed.

Wall-clock speedup alone is a poor judge: a correct ``Pool(2)`` on a 2-core
machine measured 0.89–2.16x, depending on what else ran.  So graders look at
the tasks themselves (:class:`conclab.tasks.Record`), in this order:

1. **Overlap in distinct processes**: some of the time, tasks were running in
   two or more different PIDs at once.  Serial code and threads show none;
   a correct pool shows it on a loaded machine too (0 errors in 60 runs).
2. **CPU per wall second**: Σ per-task ``thread_time`` ÷ the tasks' span.
   Tasks that take turns on one core reach at most 1.0; a pool of 2 on two
   cores reaches ~1.8 idle and ~1.3 beside one CPU hog.
3. **Best-of-k wall speedup** of the whole call over a serial run, only when
   (2) falls short — e.g. the machine was briefly busy.
4. If all that falls short, a **reference**: the same spinning in fresh
   processes of our own.  Unless those clearly beat the student's tasks
   (by ``REFERENCE_MARGIN``) and reach the threshold, the machine is too
   busy to tell, and the check is skipped, not failed: a correct solution
   never loses points to a CPU hog beside it.

On one usable core (affinity mask or cgroup quota) nothing can run in
parallel and the check is skipped with the reason.

Concurrency:
    Everything here runs in the grading process; only :func:`machine_ratio`
    starts processes (and joins them before returning).
"""
from __future__ import annotations

import multiprocessing
import os
import time
from dataclasses import dataclass, field
from typing import Callable

from conclab import timeline
from conclab.cores import usable_cores
from conclab.tasks import Record, spin

MIN_OVERLAP = 0.2      # share of the span with >= 2 processes busy
RATIO_PER_CORE = 0.1   # threshold = 1 + this * (parallel cores - 1): 1.1 on two
# Fail on low CPU only when every reference run of our own beats the student's
# best run by this much.  Measured with a CPU hog and a second grader beside
# it on a 2-core VM: correct pools read 0.61-0.98 CPU-s/s in runs where a
# reference reached 1.1+ (load moves between short bursts; sched_autogroup
# splits the CPU per session), so a small margin fails correct code.  The
# structural check (overlap in distinct PIDs) is what catches wrong code.
REFERENCE_MARGIN = 0.5
REFERENCE_RUNS = 2


def threshold(workers: int, cores: int | None = None) -> float:
    """The CPU-per-wall-second (or speedup) that proves parallel execution.

    Scaled to the parallelism possible, ``min(workers, usable cores)``, but
    kept low: the aim is to tell "parallel" from "one at a time" (≤ 1.0),
    not to grade how fast.
    """
    cores = usable_cores() if cores is None else cores
    return 1.0 + RATIO_PER_CORE * (max(1, min(workers, cores)) - 1)


def skip_reason(need: int = 2, cores: int | None = None) -> str | None:
    """Why a speedup check can't run here, or None when it can."""
    cores = usable_cores() if cores is None else cores
    if cores >= need:
        return None
    return (f"this machine lets the grader use {cores} CPU core(s) (affinity mask and "
            f"cgroup quota); parallel speedup needs at least {need}, so this check is "
            f"skipped, not failed")


@dataclass
class Evidence:
    """What one run of a set of tasks showed.

    ``parent`` is the grading process's pid: tasks that ran there did not run
    in a worker process at all.
    """
    records: list[Record]
    parent: int = field(default_factory=os.getpid)
    call_wall: float | None = None     # seconds the whole call took, if timed

    @property
    def intervals(self) -> list[timeline.Interval]:
        return [r.interval() for r in self.records]

    @property
    def pids(self) -> set[int]:
        return {r.pid for r in self.records}

    @property
    def worker_pids(self) -> set[int]:
        return self.pids - {self.parent}

    @property
    def wall(self) -> float:
        return timeline.span(self.intervals)

    @property
    def cpu(self) -> float:
        return sum(r.cpu for r in self.records)

    @property
    def cpu_ratio(self) -> float:
        """CPU-seconds per wall-second over the tasks' span (≈ cores kept busy)."""
        return self.cpu / self.wall if self.wall > 0 else 0.0

    @property
    def overlap(self) -> float:
        """Seconds during which tasks ran in >= 2 distinct processes at once."""
        return timeline.overlap_time(self.intervals, min_workers=2)

    @property
    def overlapped(self) -> bool:
        return self.wall > 0 and self.overlap >= MIN_OVERLAP * self.wall

    def numbers(self) -> str:
        return (f"{len(self.records)} tasks, {len(self.pids)} process(es), "
                f"{self.overlap * 1000:.0f} of {self.wall * 1000:.0f} ms with >= 2 processes "
                f"busy, {self.cpu_ratio:.2f} CPU-seconds per second")


def describe(ev: Evidence) -> str:
    """What the tasks did, in the student's terms, with a picture of it."""
    n = len(ev.records)
    if n == 0:
        return ("no task was recorded: your code must call the module's `job` "
                "(look it up by name when pool_map runs, don't copy it)")
    threads = {r.thread for r in ev.records}
    if ev.pids == {ev.parent}:
        if len(threads) > 1:
            what = (f"your {n} tasks ran in {len(threads)} threads of the test's own process "
                    f"(pid {ev.parent}), not in worker processes: threads share one interpreter, "
                    f"and with the GIL only one of them runs Python code at a time")
        else:
            what = (f"your {n} tasks ran one after another in the test's own process "
                    f"(pid {ev.parent}), not in worker processes")
    elif ev.overlap == 0:
        what = (f"your {n} tasks ran one after another in {len(ev.pids)} worker "
                f"process(es): each task started only after the previous one had ended")
    elif not ev.overlapped:
        what = (f"your {n} tasks hardly overlapped: {len(ev.pids)} process(es) were busy at "
                f"the same time for only {ev.overlap * 1000:.0f} of {ev.wall * 1000:.0f} ms")
    else:
        what = (f"your {n} tasks overlapped in {len(ev.pids)} processes but used only "
                f"{ev.cpu_ratio:.2f} CPU-seconds per second of wall time: they took turns "
                f"on one core instead of running on several")
    return f"{what}:\n{timeline.render(ev.intervals)}"


@dataclass
class Verdict:
    status: str            # "pass", "fail" or "skip"
    message: str
    attempts: list[Evidence]


def judge_parallel(run: Callable[[], Evidence], *, workers: int, attempts: int = 3,
                   serial: Callable[[], object] | None = None, k: int = 3,
                   reference: bool = True, cores: int | None = None) -> Verdict:
    """Run ``run()`` up to ``attempts`` times and decide whether it ran in parallel.

    Args:
        run: runs the student's code once with CPU-bound instrumented tasks
            and returns its :class:`Evidence` (timed here as ``call_wall``).
        workers: how many processes the code was asked to use.
        serial: the same work done one task after another, for the wall
            speedup signal (skipped when None).
        k: best-of-k for the wall speedup.
        reference: before failing on low CPU, check the machine can do better.

    Returns:
        A :class:`Verdict`; "fail" only when parallelism was not observed
        although the machine demonstrably allows it.
    """
    cores = usable_cores() if cores is None else cores
    reason = skip_reason(2, cores)
    if reason or workers < 2:
        return Verdict("skip", reason or "fewer than 2 workers: nothing to overlap", [])
    need = threshold(workers, cores)
    seen: list[Evidence] = []
    for _ in range(attempts):
        t0 = time.perf_counter()
        ev = run()
        ev.call_wall = time.perf_counter() - t0
        seen.append(ev)
        if ev.overlapped and ev.cpu_ratio >= need:
            return Verdict("pass", ev.numbers(), seen)
    best = max(seen, key=lambda e: (e.overlapped, e.cpu_ratio))
    if not best.overlapped:  # structural: no retry or reference can excuse this
        return Verdict("fail", describe(best), seen)
    if serial is not None:
        serial_wall = min(_timed(serial) for _ in range(k))
        parallel_wall = min(e.call_wall for e in seen)
        if serial_wall / parallel_wall >= need:
            return Verdict("pass", f"{best.numbers()}; wall speedup "
                                   f"{serial_wall / parallel_wall:.2f}", seen)
    if reference:
        # What the machine allows right now: the same spinning in processes of
        # our own, alternated with more runs of the student's code, so that a
        # change of load between the two cannot pass for a difference.
        n = min(workers, cores)
        per_task = max(0.02, best.cpu / max(1, len(best.records)))
        each = max(1, -(-len(best.records) // n))
        refs = []
        for _ in range(REFERENCE_RUNS):
            refs.append(machine_ratio(n, cpu=per_task, tasks_each=each))
            ev = run()
            seen.append(ev)
            if ev.overlapped and ev.cpu_ratio >= need:
                return Verdict("pass", ev.numbers(), seen)
        best = max(seen, key=lambda e: (e.overlapped, e.cpu_ratio))
        if min(refs) < need or best.cpu_ratio > min(refs) - REFERENCE_MARGIN:
            return Verdict("skip", f"the machine is too busy to measure a speedup right now "
                                   f"(your tasks overlapped in {len(best.worker_pids)} processes "
                                   f"and reached {best.cpu_ratio:.2f} CPU-seconds per second; our "
                                   f"own {n} spinning processes reached "
                                   f"{', '.join(f'{r:.2f}' for r in refs)}); not graded", seen)
    return Verdict("fail", f"{describe(best)}\nexpected at least {need:.2f} CPU-seconds per "
                           f"second from {workers} worker processes on {cores} cores", seen)


def wall_speedup(serial: Callable[[], object], parallel: Callable[[], object], k: int = 3) -> float:
    """Best-of-``k`` serial wall time ÷ best-of-``k`` parallel wall time."""
    return min(_timed(serial) for _ in range(k)) / min(_timed(parallel) for _ in range(k))


def _timed(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def _spin_and_report(seconds: float, conn) -> None:
    t0 = time.perf_counter()
    cpu = spin(seconds)
    conn.send((t0, time.perf_counter(), cpu))
    conn.close()


def machine_ratio(workers: int, cpu: float = 0.05, tasks_each: int = 2) -> float:
    """CPU-seconds per second that ``workers`` fresh processes of ours reach now.

    The yardstick for "is the machine too busy": the same spinning a
    correct solution would do, without any student code.
    """
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else None)
    procs, conns = [], []
    for _ in range(workers):
        recv, send = ctx.Pipe(duplex=False)
        p = ctx.Process(target=_spin_and_report, args=(cpu * tasks_each, send), daemon=True)
        p.start()
        send.close()
        procs.append(p)
        conns.append(recv)
    results = [c.recv() for c in conns]
    for p in procs:
        p.join()
    start = min(r[0] for r in results)
    end = max(r[1] for r in results)
    return sum(r[2] for r in results) / (end - start) if end > start else 0.0

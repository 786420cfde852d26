"""Leave nothing behind: find and kill processes a test started.

Student code may start processes it never joins.  After each test the
grader kills every new descendant of the grading process, so one bad
submission cannot slow down or break the tests after it.  Linux reads the
process tree from /proc; elsewhere only multiprocessing's own children are
known.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import time
from pathlib import Path


def _ppid_map() -> dict[int, int]:
    parents = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name may contain spaces and parentheses: split after the last ')'.
        fields = stat[stat.rfind(")") + 2:].split()
        parents[int(entry.name)] = int(fields[1])
    return parents


def descendants(pid: int | None = None) -> set[int]:
    """Every living process below ``pid`` (default: this one)."""
    root = os.getpid() if pid is None else pid
    if not Path("/proc/self/stat").exists():
        return {p.pid for p in multiprocessing.active_children()}
    parents = _ppid_map()
    found, frontier = set(), {root}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def state(pid: int) -> str | None:
    """The process state letter ('R', 'S', 'Z', ...), or None when it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat[stat.rfind(")") + 2:].split()[0]


def alive(pid: int) -> bool:
    """True while ``pid`` runs (a zombie is dead: it only waits to be reaped)."""
    if Path("/proc/self/stat").exists():
        return state(pid) not in (None, "Z", "X")
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _helper_pids() -> set[int]:
    """multiprocessing's long-lived helpers, which are shared across tests."""
    pids = set()
    try:
        from multiprocessing import forkserver
        pid = getattr(forkserver._forkserver, "_forkserver_pid", None)
        if pid:
            pids.add(pid)
    except Exception:  # noqa: BLE001 - private API, best effort
        pass
    try:
        from multiprocessing import resource_tracker
        pid = getattr(resource_tracker._resource_tracker, "_pid", None)
        if pid:
            pids.add(pid)
    except Exception:  # noqa: BLE001
        pass
    return pids


def kill_new(before: set[int], grace: float = 0.2) -> list[int]:
    """Kill descendants that were not in ``before``; return their pids.

    multiprocessing's forkserver and resource tracker are spared (the next
    test would only start them again); their own children are not.
    """
    helpers = _helper_pids()
    victims = sorted(descendants() - before - helpers)
    for pid in victims:
        try:
            os.kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    deadline = time.monotonic() + grace
    for pid in victims:
        while time.monotonic() < deadline:
            try:
                done, _ = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:  # not our child, or already reaped
                break
            if done:
                break
            time.sleep(0.005)
    multiprocessing.active_children()  # reaps the killed ones it started, so it forgets them
    return victims


def kill_group(proc, timeout: float | None = None) -> None:
    """SIGKILL the process group ``proc`` leads (started with ``start_new_session``),
    then reap ``proc``, waiting at most ``timeout`` seconds (None: as long as it takes)."""
    import subprocess
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        pass

"""How many CPU cores this process may really use.

``os.cpu_count()`` counts the machine's cores, not ours: a container limited
by a cgroup CPU quota or a taskset affinity mask gets fewer.  Speedup graders
scale their expectations with :func:`usable_cores` and skip below two.
"""
from __future__ import annotations

import math
import os
from pathlib import Path


def affinity_cores() -> int:
    """Cores in this process's scheduler affinity mask (all cores if unknown)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # macOS, Windows
        return os.cpu_count() or 1


def _cgroup_paths() -> list[tuple[str, str]]:
    """(controllers, path) pairs from /proc/self/cgroup."""
    try:
        lines = Path("/proc/self/cgroup").read_text().splitlines()
    except OSError:
        return []
    pairs = []
    for line in lines:
        parts = line.split(":", 2)
        if len(parts) == 3:
            pairs.append((parts[1], parts[2]))
    return pairs


def quota_cores(root: Path = Path("/sys/fs/cgroup")) -> float | None:
    """The cgroup CPU quota in cores, or None when there is no quota.

    Reads cgroup v2 ``cpu.max`` and v1 ``cpu.cfs_quota_us``/``cpu.cfs_period_us``,
    both at our own cgroup and at the mount root (containers often mount
    their own cgroup there).
    """
    candidates: list[tuple[Path, str]] = []
    for controllers, path in _cgroup_paths():
        rel = path.lstrip("/")
        if controllers == "":
            candidates += [(root / rel, "v2"), (root, "v2")]
        elif "cpu" in controllers.split(","):
            for mount in ("cpu", "cpu,cpuacct", "cpuacct,cpu"):
                candidates += [(root / mount / rel, "v1"), (root / mount, "v1")]
    if not candidates:
        candidates = [(root, "v2"), (root / "cpu", "v1")]
    for directory, version in candidates:
        quota = _read_quota(directory, version)
        if quota is not None:
            return quota
    return None


def _read_quota(directory: Path, version: str) -> float | None:
    try:
        if version == "v2":
            text = (directory / "cpu.max").read_text().split()
            if not text or text[0] == "max":
                return None
            return int(text[0]) / int(text[1])
        quota = int((directory / "cpu.cfs_quota_us").read_text())
        period = int((directory / "cpu.cfs_period_us").read_text())
    except (OSError, ValueError, IndexError, ZeroDivisionError):
        return None
    if quota <= 0 or period <= 0:
        return None
    return quota / period


def usable_cores() -> int:
    """Cores this process can keep busy at once: affinity capped by quota."""
    cores = affinity_cores()
    quota = quota_cores()
    if quota is not None:
        cores = min(cores, max(1, math.floor(quota + 0.05)))
    return max(1, cores)

"""CPU hogs: busy processes that make this machine as loaded as a busy one."""
from __future__ import annotations

import contextlib
import subprocess
import sys


@contextlib.contextmanager
def cpu_hog(count: int = 1):
    """Run ``count`` processes that spin on the CPU for the block's duration."""
    procs = [subprocess.Popen([sys.executable, "-c", "while True: pass"])
             for _ in range(max(0, count))]
    try:
        yield procs
    finally:
        for proc in procs:
            proc.kill()
        for proc in procs:
            proc.wait()

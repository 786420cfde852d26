"""Force thread switches inside one file, to expose races that hide.

On CPython 3.10+ with the GIL, a thread is switched out only at calls,
backward jumps and function entry, never between the ``LOAD_GLOBAL`` and the
``STORE_GLOBAL`` of ``balance = balance + n``: a lock-less bank almost never
loses an update by itself (see FINDINGS.md).  :class:`ForcedSwitches` makes
the interpreter let other threads run at a random ``p`` of the bytecode
instructions of ONE file, the student's, so a read-modify-write that is not
protected by a lock gets interrupted, as it would be on a free-threaded build
or another interpreter.  Code outside that file runs as usual.

How, per Python (each measured on 3.10-3.13, FINDINGS.md):

- 3.12+ (and free-threaded builds): ``sys.monitoring`` INSTRUCTION events on a
  tool id of our own; code objects of other files get ``DISABLE`` back once
  per instruction, so they run at full speed afterwards.
- 3.10/3.11: ``sys.settrace`` + ``threading.settrace`` with
  ``f_trace_opcodes`` on the target file's frames only.  3.10 needs a real
  1 µs nap to hand the GIL over; ``time.sleep(0)`` is enough from 3.11.

:func:`run` calls a function of the file under forced switches in a fresh
``python -m conclab.chaos`` process, with a timeout: a deadlocked submission
would leave threads holding its locks and poison the grading process.  The
child reports through a JSON file written after every round (never stdout,
which the student's code may use), and on a hang it dumps every thread's
stack first, so the parent can say where the threads were stuck.

Concurrency:
    :class:`ForcedSwitches` affects every thread of the process while it is
    active (threads started inside it too).  :func:`run` blocks the caller
    until the child ends or ``timeout`` passes; then it kills the child's
    whole process group.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_P = 0.02        # fraction of the target file's opcodes that switch threads
TOOL_NAME = "conclab.chaos"
HANG_DUMP_MARGIN = 0.6  # seconds before the kill at which the child dumps its stacks


def gil_enabled() -> bool:
    """False on a free-threaded build running without the GIL (3.13t, 3.14t)."""
    check = getattr(sys, "_is_gil_enabled", None)
    return True if check is None else bool(check())


def pick_mode(version: tuple = sys.version_info[:2]) -> str:
    """``"monitoring"`` on 3.12+, ``"settrace"`` before (the hook that works there)."""
    return "monitoring" if version >= (3, 12) else "settrace"


def _nap_seconds(version: tuple = sys.version_info[:2]) -> float:
    # 3.10's sleep(0) returns without letting a waiting thread take the GIL
    # (2/20 races caught); a 1 µs sleep really blocks and hands it over.
    return 1e-6 if version < (3, 11) else 0.0


class ForcedSwitches:
    """Context manager: yield the CPU at a random ``p`` of ``path``'s opcodes.

    Args:
        path: the one source file whose bytecode gets forced switches.
        p: probability of a switch before each instruction of that file.
        seed: seeds the choice of instructions (the schedule itself still
            depends on the OS, so a seed makes runs alike, not identical).

    ``switches`` counts the switches forced so far (approximate when threads
    run in parallel without the GIL).  ``mode`` says which hook is used.

    Concurrency:
        Process-wide while active: every thread, including those started
        inside the block.  Not re-entrant.  A settrace tracer replaces any
        debugger or coverage tracer for the duration; sys.monitoring does not.
    """

    def __init__(self, path, p: float = DEFAULT_P, seed: int | None = 0):
        self.target = os.path.realpath(os.fspath(path))
        self.p = float(p)
        self.mode = pick_mode()
        self.switches = 0
        self._rng = random.Random(seed)
        self._nap = _nap_seconds()
        self._is_target: dict = {}   # code object -> bool, so realpath runs once per code
        self._tool = None
        self._old_trace = None
        self._old_thread_trace = None

    # -- deciding -----------------------------------------------------------
    def _in_target(self, code) -> bool:
        known = self._is_target.get(code)
        if known is None:
            name = code.co_filename
            known = name == self.target or (
                not name.startswith("<") and os.path.realpath(name) == self.target)
            self._is_target[code] = known
        return known

    def _maybe_switch(self) -> None:
        if self._rng.random() < self.p:
            self.switches += 1
            time.sleep(self._nap)  # releases the GIL: another thread may run now

    # -- sys.monitoring (3.12+) -----------------------------------------------
    def _on_instruction(self, code, offset):
        if not self._in_target(code):
            return sys.monitoring.DISABLE  # this instruction never reports again
        self._maybe_switch()
        return None

    def _start_monitoring(self) -> None:
        mon = sys.monitoring
        for tool in (3, 4, 2, 1, 0, 5):  # 3 and 4 have no official role
            if mon.get_tool(tool) is None:
                mon.use_tool_id(tool, TOOL_NAME)
                self._tool = tool
                break
        else:
            raise RuntimeError("conclab.chaos: every sys.monitoring tool id is taken")
        mon.register_callback(self._tool, mon.events.INSTRUCTION, self._on_instruction)
        mon.set_events(self._tool, mon.events.INSTRUCTION)

    def _stop_monitoring(self) -> None:
        mon = sys.monitoring
        mon.set_events(self._tool, 0)
        mon.register_callback(self._tool, mon.events.INSTRUCTION, None)
        mon.free_tool_id(self._tool)
        self._tool = None

    # -- settrace (3.10/3.11) -------------------------------------------------
    def _global_trace(self, frame, event, arg):
        if event != "call" or not self._in_target(frame.f_code):
            return None  # no local tracing: other files run untraced
        frame.f_trace_lines = False
        frame.f_trace_opcodes = True
        return self._local_trace

    def _local_trace(self, frame, event, arg):
        if event == "opcode":
            self._maybe_switch()
        return self._local_trace

    def _start_settrace(self) -> None:
        self._old_trace = sys.gettrace()
        self._old_thread_trace = threading.gettrace()
        threading.settrace(self._global_trace)  # threads started from now on
        sys.settrace(self._global_trace)        # this thread's new frames

    def _stop_settrace(self) -> None:
        sys.settrace(self._old_trace)
        threading.settrace(self._old_thread_trace)

    def __enter__(self) -> "ForcedSwitches":
        if self.mode == "monitoring":
            self._start_monitoring()
        else:
            self._start_settrace()
        return self

    def __exit__(self, *exc) -> None:
        if self.mode == "monitoring":
            self._stop_monitoring()
        else:
            self._stop_settrace()


# ---------------------------------------------------------------------------
# The parent side: run a call of the file in a fresh process, with a timeout.

@dataclass
class ChaosResult:
    """What :func:`run` observed.

    ``status``: ``"ok"`` (every round returned), ``"error"`` (the call raised;
    ``error`` says what), ``"hung"`` (killed after ``timeout``; ``stuck_at``
    lists the student's lines the threads were on) or ``"crashed"`` (the
    child died without reporting; ``error`` has its last stderr lines).
    ``values`` holds the return value of each finished round.
    """
    status: str
    values: list = field(default_factory=list)
    rounds: list = field(default_factory=list)
    mode: str = ""
    error: str = ""
    error_type: str = ""
    error_func: str = ""
    stuck_at: list = field(default_factory=list)
    seconds: float = 0.0
    python: str = ""
    gil: bool = True      # False: the child ran free-threaded, races show unforced

    @property
    def switches(self) -> int:
        return sum(r.get("switches", 0) for r in self.rounds)

    def failure(self, shown: str, timeout: float) -> str | None:
        """A student-facing message when the call did not finish, else None.

        ``shown`` is the call as the student would write it, e.g.
        ``"run_bank([5, 8], 500)"``; ``timeout`` the limit :func:`run` had.
        """
        if self.status == "hung":
            where = f" (threads were waiting at {', '.join(self.stuck_at)})" if self.stuck_at else ""
            return (f"your code deadlocked: {shown} with forced thread switches did not finish "
                    f"within {timeout:g} s{where}. A thread waiting for a lock that is never "
                    f"released waits forever: release every acquire (`with lock:` does it for "
                    f"you) and never acquire a plain Lock again while you already hold it.")
        if self.error_type == "NotImplementedError":  # the plugin's wording, for a stub
            return (f"{self.error_func or shown.split('(')[0]}() is not implemented yet: "
                    f"replace its `raise NotImplementedError` with your code")
        if self.status != "ok":
            return f"{shown} failed with forced thread switches: {self.error}"
        return None


def _env_with_conclab() -> dict:
    # The child imports conclab.chaos by name, from this very checkout,
    # whichever interpreter runs it.
    env = dict(os.environ)
    here = str(Path(__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (here, env.get("PYTHONPATH")) if p)
    env["PYTHONDONTWRITEBYTECODE"] = "1"  # don't litter the student's folder
    env.pop("PYTHONTRACEMALLOC", None)
    return env


def run(path, call: str, args: list = (), *, rounds: int = 3, seed: int = 0,
        p: float = DEFAULT_P, timeout: float = 5.0, python: str | None = None,
        module: str | None = None) -> ChaosResult:
    """Call ``call(*args)`` from ``path`` ``rounds`` times under forced switches.

    Each round uses seed ``seed + i``.  ``args`` must be JSON; so must the
    return values (anything else comes back as its ``repr``).  ``module`` is
    the name the file is imported under (default: its stem).

    Concurrency:
        Blocks until the child process ends, or kills its process group after
        ``timeout`` seconds and returns ``status="hung"``.
    """
    path = Path(path).resolve()
    with tempfile.TemporaryDirectory(prefix="conclab-chaos-") as tmp:
        out, dump = Path(tmp) / "result.json", Path(tmp) / "stacks.txt"
        cmd = [python or sys.executable, "-m", "conclab.chaos", str(path), call,
               "--args", json.dumps(list(args)), "--rounds", str(rounds),
               "--seed", str(seed), "--p", str(p), "--out", str(out),
               "--module", module or path.stem,
               "--dump-after", str(max(0.1, timeout - HANG_DUMP_MARGIN)), "--dump", str(dump)]
        started = time.perf_counter()
        with open(Path(tmp) / "stderr.txt", "w+b") as err:
            proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                    stderr=err, env=_env_with_conclab(), cwd=tmp,
                                    start_new_session=True)  # its own group: killpg reaches its children
            try:
                proc.wait(timeout)
                hung = False
            except subprocess.TimeoutExpired:
                hung = True
            finally:
                from conclab import reap   # here: the driver side never needs it
                reap.kill_group(proc)
            err.seek(0)
            stderr = err.read().decode("utf-8", "replace")
        seconds = time.perf_counter() - started
        report = _read_json(out)
        result = ChaosResult(status="ok", seconds=seconds,
                             values=[r["value"] for r in report.get("rounds", [])],
                             rounds=report.get("rounds", []), mode=report.get("mode", ""),
                             python=report.get("python", ""), gil=report.get("gil", True))
        if hung:
            result.status = "hung"
            result.stuck_at = stuck_lines(dump.read_text("utf-8", "replace")
                                          if dump.exists() else "", path.name)
        elif report.get("error"):
            err = report["error"]
            result.status, result.error_type, result.error_func = "error", err["type"], err["func"]
            where = f" (line {err['line']} in {err['func']})" if err["func"] else ""
            result.error = f"{err['type']}{where}: {err['message']}".rstrip(": ")
        elif not report.get("done"):
            tail = "\n".join(stderr.strip().splitlines()[-5:])
            result.status = "crashed"
            result.error = f"exit code {proc.returncode}" + (f": {tail}" if tail else "")
        return result



def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}


_FRAME = re.compile(r'File "(?P<file>[^"]+)", line (?P<line>\d+) in (?P<func>\S+)')


def stuck_lines(dump: str, filename: str) -> list[str]:
    """``"line 25 in change_it"`` for each thread's innermost frame in ``filename``.

    ``dump`` is faulthandler's text: per thread, frames innermost first.
    """
    found = []
    for block in re.split(r"\n\s*\n|(?=Thread 0x)|(?=Current thread 0x)", dump):
        for m in _FRAME.finditer(block):
            if os.path.basename(m["file"]) == filename:
                where = f"line {m['line']} in {m['func']}"
                if where not in found:
                    found.append(where)
                break
    return found


# ---------------------------------------------------------------------------
# The child side: ``python -m conclab.chaos FILE CALL --args JSON ...``

def _jsonable(value):
    try:
        json.dumps(value)
        return value
    except (TypeError, ValueError):
        return repr(value)


def _describe(exc: BaseException, filename: str) -> dict:
    """The exception, with the innermost frame of the target file it passed."""
    import traceback
    func, line = "", 0
    for frame in traceback.extract_tb(exc.__traceback__):
        if os.path.realpath(frame.filename) == os.path.realpath(filename):
            func, line = frame.name, frame.lineno
    return {"type": type(exc).__name__, "message": str(exc), "func": func, "line": line}


def _write_json(path: str, data: dict) -> None:
    tmp = f"{path}.tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(data, f)
    os.replace(tmp, path)  # the parent never reads half a report


def child_main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m conclab.chaos",
                                     description="call FILE's CALL under forced thread switches")
    parser.add_argument("file")
    parser.add_argument("call")
    parser.add_argument("--args", default="[]", help="JSON list of arguments")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--p", type=float, default=DEFAULT_P)
    parser.add_argument("--module", default=None)
    parser.add_argument("--out", required=True, help="JSON report, rewritten after every round")
    parser.add_argument("--dump", default=None, help="where to dump all stacks on a hang")
    parser.add_argument("--dump-after", type=float, default=0.0)
    opts = parser.parse_args(argv)

    report = {"mode": pick_mode(), "python": sys.version.split()[0],
              "gil": gil_enabled(), "rounds": [], "error": None, "done": False}
    _write_json(opts.out, report)
    if opts.dump and opts.dump_after > 0:
        import faulthandler
        dump = open(opts.dump, "w")  # kept open: faulthandler writes to its fd
        faulthandler.dump_traceback_later(opts.dump_after, file=dump)

    from conclab.target import LoadError, import_file
    path = Path(opts.file)
    try:
        module = import_file(path, opts.module or path.stem)
        func = getattr(module, opts.call)
    except (LoadError, AttributeError) as exc:
        report["error"] = {"type": type(exc).__name__, "message": str(exc), "func": "", "line": 0}
        _write_json(opts.out, report)
        return 0
    args = json.loads(opts.args)
    for i in range(opts.rounds):
        switcher = ForcedSwitches(path, p=opts.p, seed=opts.seed + i)
        started = time.perf_counter()
        try:
            with switcher:
                value = func(*args)
        except BaseException as exc:  # noqa: BLE001 - reported, not raised
            report["error"] = _describe(exc, str(path.resolve()))
            _write_json(opts.out, report)
            return 0
        report["rounds"].append({"value": _jsonable(value), "switches": switcher.switches,
                                 "seconds": round(time.perf_counter() - started, 4)})
        _write_json(opts.out, report)
    report["done"] = True
    _write_json(opts.out, report)
    return 0


if __name__ == "__main__":
    code = child_main()
    # Leave at once: a thread the student never joined (or one stuck on a
    # lock after an exception) must not keep this process alive.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)

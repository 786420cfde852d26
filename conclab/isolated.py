"""Call a student's function in a fresh Python process, and see what it leaves behind.

Graders of process code use this instead of calling the student's function
in the grading process, for three reasons:

- ``os.fork()`` copies its caller.  A forked child that ends with ``return``,
  ``sys.exit()`` or an exception instead of ``os._exit()`` comes back out of
  the student's function into *its caller's* code: inside pytest it would
  run the rest of the grader a second time.  Here the caller is a small
  driver that notices a return in another process, reports it as a *stray*
  and ends that process at once.
- ``os.fork()`` in a process that runs threads may deadlock the child, and
  warns about it from Python 3.12 (``DeprecationWarning``).  The driver calls
  the function on its main thread with no other thread running, so correct
  code neither deadlocks nor warns (warnings raised anyway are reported).
- A call that hangs, or leaves processes stuck, ends with the driver's whole
  process group killed: nothing leaks into the next test.

The moment the call returns, before anything else can reap a child, the
driver records every process still under it (with its state letter: ``'Z'``
is a zombie nobody waited for) and every ``multiprocessing`` process started
during the call (with its exit code as the parent collected it: ``None``
means nobody joined it).

Example::

    out = isolated.run(exercise.path, "student.fork_child(3)",
                       module=exercise.slug, timeout=2.0)
    out.status        # "returned", "raised", "hung", "crashed" or "load-error"
    out.value         # the return value, as JSON (tuples become lists)
    out.strays        # processes that came back out of the call
    out.left          # {pid: state} of processes under the caller at return

``setup`` is Python source run in the driver first, in the namespace where
``call`` is then evaluated; there ``student`` is the student's module,
``log(**fields)`` appends one entry (with the calling ``pid``) to
:attr:`Outcome.log` from any process, and ``LOG`` is the path it writes to.
Graders swap the student's helpers with it (``student.greeting = ...``).

Concurrency:
    :func:`run` blocks until the call returns, or ``timeout`` seconds after
    the call started (the interpreter's start-up is not counted), then kills
    the driver's process group.  Log entries are single ``os.write`` calls to
    an ``O_APPEND`` file, so processes writing at the same time never mix
    their lines (see :mod:`conclab.tasks`).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from conclab import reap
from conclab.tasks import append_line

STARTUP = 10.0      # seconds the driver may take to start and import the student's file
POLL = 0.01         # seconds between looks at the driver while it runs
TAIL = 3000         # characters of the driver's stdout/stderr kept


@dataclass
class Outcome:
    """What :func:`run` observed (see the module docstring)."""
    status: str
    value: object = None
    error: str = ""               # "TypeError: ..." when it raised or could not load
    error_type: str = ""
    error_func: str = ""          # the innermost function of the student's file it passed
    elapsed: float = 0.0          # seconds from the call to its return (or to the kill)
    pid: int = 0                  # the driver: the process that called the function
    strays: list = field(default_factory=list)     # [{"pid", "how"}]
    left: dict = field(default_factory=dict)       # {pid: state letter}
    processes: list = field(default_factory=list)  # [{"name", "target", "pid", "exitcode", "state"}]
    warnings: list = field(default_factory=list)   # "DeprecationWarning: ..."
    log: list = field(default_factory=list)        # entries written by log(**fields)
    stdout: str = ""
    stderr: str = ""

    def lesson(self, shown: str) -> str | None:
        """A student-facing message when the call did not return normally, else None.

        ``shown`` is the call as the student would write it, e.g. ``"fork_child(3)"``.
        """
        if self.status == "hung":
            return f"{shown} did not return within {self.elapsed:.1f} s"
        if self.error_type == "NotImplementedError":  # the plugin's wording, for a stub
            func = self.error_func or shown.split("(")[0]
            return f"{func}() is not implemented yet: replace its `raise NotImplementedError` with your code"
        if self.status in ("raised", "load-error"):
            return f"{shown} raised {self.error}"
        if self.status == "crashed":
            tail = "\n".join(self.stderr.strip().splitlines()[-5:])
            return f"the process that called {shown} died without returning" + (
                f":\n{tail}" if tail else "")
        return None


def _env_with_conclab() -> dict:
    env = dict(os.environ)
    here = str(Path(__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (here, env.get("PYTHONPATH")) if p)
    env["PYTHONDONTWRITEBYTECODE"] = "1"  # don't litter the student's folder
    return env


def _entries(path: Path) -> list[dict]:
    try:
        text = path.read_text("utf-8", "replace")
    except OSError:
        return []
    out = []
    for line in text.splitlines(keepends=True):
        if line.endswith("\n"):  # a line being written right now may be incomplete
            try:
                out.append(json.loads(line))
            except ValueError:
                pass
    return out


def _tail(path: Path) -> str:
    try:
        return path.read_text("utf-8", "replace")[-TAIL:]
    except OSError:
        return ""


def run(path, call: str, *, setup: str = "", module: str | None = None, timeout: float = 3.0,
        start_method: str | None = None, python: str | None = None) -> Outcome:
    """Evaluate ``call`` in a fresh driver process that imported ``path`` as ``student``.

    Args:
        path: the student's file.
        call: an expression, e.g. ``"student.fork_child(3)"``; its value must be JSON
            (tuples become lists; anything else comes back as its ``repr``).
        setup: source run before the call, in the same namespace.
        module: the name the file is imported under (default: its stem), which is
            also the name spawned workers import it by.
        timeout: seconds the call may run.
        start_method: multiprocessing's default start method in the driver.
        python: the interpreter (default: this one).
    """
    path = Path(path).resolve()
    with tempfile.TemporaryDirectory(prefix="conclab-isolated-") as tmp:
        tmp = Path(tmp)
        events, log = tmp / "events.jsonl", tmp / "log.jsonl"
        job = {"path": str(path), "module": module or path.stem, "call": call, "setup": setup,
               "start_method": start_method, "events": str(events), "log": str(log)}
        (tmp / "job.json").write_text(json.dumps(job), "utf-8")
        out_path, err_path = tmp / "stdout.txt", tmp / "stderr.txt"
        with open(out_path, "wb") as out, open(err_path, "wb") as err:
            # Files, not pipes: a process the student left running would keep a
            # pipe open, and reading it to the end would wait for that process.
            proc = subprocess.Popen([python or sys.executable, "-m", "conclab.isolated",
                                     str(tmp / "job.json")],
                                    stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                    env=_env_with_conclab(), cwd=tmp,
                                    start_new_session=True)  # killpg reaches all it started
            hung, started_at = _wait(proc, events, timeout)
            reap.kill_group(proc)
        found = _entries(events)
        report = next((e for e in found if e["event"] == "report"), None)
        outcome = Outcome(status="crashed", pid=proc.pid,
                          strays=[{"pid": e["pid"], "how": e["how"]}
                                  for e in found if e["event"] == "stray"],
                          log=_entries(log), stdout=_tail(out_path), stderr=_tail(err_path))
        if report is not None:
            for key in ("status", "value", "error", "error_type", "error_func", "elapsed",
                        "warnings", "processes"):
                setattr(outcome, key, report[key])
            outcome.left = {int(pid): state for pid, state in report["left"].items()}
        elif hung:
            outcome.status = "hung"
            outcome.elapsed = time.perf_counter() - started_at if started_at else timeout
        return outcome


def _wait(proc: subprocess.Popen, events: Path, timeout: float) -> tuple[bool, float | None]:
    """Wait for the driver; True when the call outlived ``timeout`` (or start-up hung)."""
    begun = time.perf_counter()
    started_at = None
    while proc.poll() is None:
        now = time.perf_counter()
        if started_at is None:
            calling = [e for e in _entries(events) if e["event"] == "calling"]
            if calling:
                started_at = calling[0]["at"]  # perf_counter is CLOCK_MONOTONIC: shared
            elif now - begun > STARTUP + timeout:
                return True, None
        if started_at is not None and now - started_at > timeout:
            if any(e["event"] == "report" for e in _entries(events)):
                # It returned in time and is only exiting: give it a moment.
                try:
                    proc.wait(1.0)
                except subprocess.TimeoutExpired:
                    pass
                return False, started_at
            return True, started_at
        time.sleep(POLL)
    return False, started_at



# ---------------------------------------------------------------------------
# The driver: ``python -m conclab.isolated JOB.json``

def _jsonable(value):
    try:
        return json.loads(json.dumps(value))
    except (TypeError, ValueError):
        return repr(value)


def _innermost(exc: BaseException, filename: str) -> str:
    import traceback
    func = ""
    for frame in traceback.extract_tb(exc.__traceback__):
        if os.path.realpath(frame.filename) == os.path.realpath(filename):
            func = frame.name
    return func


def _exit_status(exc: BaseException) -> int:
    """The exit status Python ends with when ``exc`` reaches the top level."""
    if isinstance(exc, SystemExit):
        if exc.code is None:
            return 0
        return exc.code if isinstance(exc.code, int) else 1
    return 1


def _record_process_starts() -> list:
    """Every multiprocessing process started from now on (any start method)."""
    import multiprocessing.process
    started = []
    original = multiprocessing.process.BaseProcess.start

    def start(self):
        # start() forgets the target (to break a cycle): note its name first.
        target = getattr(self, "_target", None)
        started.append((self, getattr(target, "__name__", repr(target))))
        return original(self)

    multiprocessing.process.BaseProcess.start = start
    return started


def _describe_processes(started: list) -> list[dict]:
    from conclab import reap
    out = []
    for p, target in started:
        popen = getattr(p, "_popen", None)
        # popen.returncode, not p.exitcode: that property polls, which would
        # reap the process and hide that nobody joined it.
        out.append({"name": p.name, "target": target,
                    "pid": p.pid, "exitcode": getattr(popen, "returncode", None),
                    "state": reap.state(p.pid) if p.pid else None})
    return out


def driver_main(job_path: str) -> None:
    import warnings
    import multiprocessing
    from conclab import reap
    from conclab.target import LoadError, import_file

    job = json.loads(Path(job_path).read_text("utf-8"))
    events = job["events"]
    home = os.getpid()
    report = {"event": "report", "status": "", "value": None, "error": "", "error_type": "",
              "error_func": "", "elapsed": 0.0, "warnings": [], "processes": [], "left": {}}
    if job["start_method"]:
        multiprocessing.set_start_method(job["start_method"], force=True)
    try:
        student = import_file(Path(job["path"]), job["module"])
    except LoadError as exc:
        report.update(status="load-error", error=str(exc), error_type="LoadError")
        append_line(events, report)
        return

    def log(**fields):
        append_line(job["log"], {"pid": os.getpid(), **fields})

    namespace = {"student": student, "log": log, "LOG": job["log"], "os": os, "sys": sys,
                 "time": time}
    exec(compile(job["setup"], "<grader setup>", "exec"), namespace)
    started = _record_process_starts()
    sys.stdout.flush()  # a forked child must not inherit unwritten output
    sys.stderr.flush()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        begin = time.perf_counter()
        append_line(events, {"event": "calling", "at": begin})
        how, code = "returned", 0
        try:
            value = eval(compile(job["call"], "<grader call>", "eval"), namespace)
            report.update(status="returned", value=_jsonable(value))
        except BaseException as exc:  # noqa: BLE001 - reported, not raised
            how = f"raised {type(exc).__name__}({', '.join(map(repr, exc.args))[:100]})"
            code = _exit_status(exc)
            report.update(status="raised", error=f"{type(exc).__name__}: {exc}".rstrip(": "),
                          error_type=type(exc).__name__,
                          error_func=_innermost(exc, job["path"]))
        finally:
            if os.getpid() != home:
                # A forked child came back out of the student's function into
                # the caller's code.  Say so, and go no further.
                # It ends with the status it would have reached at the top
                # level (after running the rest of the caller's code).
                append_line(events, {"event": "stray", "pid": os.getpid(), "how": how})
                os._exit(code)
        report["elapsed"] = time.perf_counter() - begin
        # Look at once, before anything can reap what the call left behind.
        helpers = reap._helper_pids()
        report["left"] = {str(pid): reap.state(pid) for pid in sorted(reap.descendants() - helpers)}
        report["processes"] = _describe_processes(started)
    report["warnings"] = [f"{w.category.__name__}: {w.message}" for w in caught]
    append_line(events, report)


if __name__ == "__main__":
    try:
        driver_main(sys.argv[1])
    except BaseException:  # noqa: BLE001 - a bug here, not in the student's code
        import traceback
        traceback.print_exc()
    finally:
        # Leave at once: a thread or process the student never joined must not
        # keep this process alive (multiprocessing's exit handler joins them).
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)

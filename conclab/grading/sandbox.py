"""Run one grading process so that the submission it imports can harm nothing.

Layers, each used where this machine allows it (:func:`probe` finds out
once; every report names the layers that were on):

- ``session``   always: its own session and process group, killed as a whole.
- ``rlimits``   always: address space, file size, open files, CPU seconds
                (and the process count, which only binds a uid other than root).
- ``uid``       as root: a uid of its own per grading slot, so the process
                count is its own and other runs' folders (mode 0700) are closed.
- ``pidns``     ``unshare --pid --kill-child``: when the grader ends, every
                process it left (double forks, setsid escapes) is killed by the
                kernel; ``/proc`` shows only its own processes.
- ``netns``     ``unshare --net``: no network at all but its own loopback.
- ``mountns``   ``unshare --mount``: the course's repository is replaced by an
                empty tmpfs holding only what grading needs (the conclab package,
                the one grader, pyproject.toml, the virtualenv): no solutions,
                no other graders, no mutants, no git history to read.

Without root (or ``unshare``) only the first two hold; :func:`probe` says so.
"""
from __future__ import annotations

import functools
import os
import resource
import shlex
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from conclab import catalog, reap

UID_BASE = 61000          # slot k runs as uid/gid UID_BASE + k (nothing else uses these)


@dataclass(frozen=True)
class Limits:
    wall: float = 300.0               # s for the whole grading process
    address_space: int = 4 << 30      # bytes of virtual memory
    file_size: int = 64 << 20         # bytes any one file may grow to
    processes: int = 1024             # processes + threads of its uid
    open_files: int = 1024
    cpu: int = 600                    # CPU seconds


@dataclass(frozen=True)
class Layers:
    session: bool = True
    rlimits: bool = True
    uid: bool = False
    pidns: bool = False
    netns: bool = False
    mountns: bool = False

    def names(self) -> list[str]:
        return [name for name, on in self.__dict__.items() if on]


@functools.lru_cache(maxsize=1)
def probe() -> Layers:
    """Which layers work here: tried once, with a harmless command."""
    root = os.geteuid() == 0
    unshare = shutil.which("unshare")
    ns = False
    if root and unshare and sys.platform.startswith("linux"):
        try:
            ns = subprocess.run([unshare, "--fork", "--pid", "--mount-proc", "--kill-child",
                                 "--net", "--mount", "--", "true"],
                                capture_output=True, timeout=10).returncode == 0
        except (OSError, subprocess.TimeoutExpired):
            ns = False
    # A uid of its own needs the mount namespace too: the interpreter may sit
    # in a folder only root can enter, which the namespace opens for it.
    return Layers(uid=ns and shutil.which("setpriv") is not None, pidns=ns, netns=ns,
                  mountns=ns)


@dataclass
class Result:
    returncode: int | None
    seconds: float
    timed_out: bool
    output: str                       # the last part of stdout + stderr
    layers: list[str] = field(default_factory=list)


def _set_limits(limits: Limits) -> None:
    # Runs in the child between fork and exec (preexec_fn).
    if sys.platform.startswith("linux"):
        # Die with conclab grade, even when it is killed with SIGKILL; with a
        # pid namespace (--kill-child) everything under it dies too.
        import ctypes
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)   # PR_SET_PDEATHSIG
    resource.setrlimit(resource.RLIMIT_AS, (limits.address_space, limits.address_space))
    resource.setrlimit(resource.RLIMIT_FSIZE, (limits.file_size, limits.file_size))
    resource.setrlimit(resource.RLIMIT_NOFILE, (limits.open_files, limits.open_files))
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu, limits.cpu + 5))
    resource.setrlimit(resource.RLIMIT_NPROC, (limits.processes, limits.processes))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def visible_paths(grader: Path) -> list[Path]:
    """What a grading process needs of the repository, and nothing more."""
    root = catalog.ROOT
    keep = [root / "conclab", grader, root / "pyproject.toml"]
    for prefix in {Path(sys.prefix), Path(sys.base_prefix)}:
        if root in prefix.parents or prefix == root:
            keep.append(prefix)          # a virtualenv inside the repository (.venv)
    return keep


def _closed_ancestor(path: Path) -> Path | None:
    """The outermost folder above ``path`` that other users cannot enter (e.g. /root)."""
    for folder in reversed(path.parents):
        try:
            if not os.stat(folder).st_mode & 0o001:
                return folder
        except OSError:
            return None
    return None


def _cover(folder: Path, keep: list[Path], stage: Path, mode: str = "755",
           writable: tuple[Path, ...] = ()) -> list[str]:
    """Shell lines: put an empty tmpfs over ``folder``, with only ``keep`` bound back
    (read-only, except those also in ``writable``: the work folder)."""
    q = shlex.quote
    size = "64m" if mode == "1777" else "1m"
    lines = [f"mkdir -p {q(str(stage))}",
             # Reach the real folder through the stage while the tmpfs covers it ...
             f"mount --bind {q(str(folder))} {q(str(stage))}",
             f"mount -t tmpfs -o size={size},mode={mode} conclab-empty {q(str(folder))}"]
    for path in keep:
        rel = path.relative_to(folder)
        target, source = folder / rel, stage / rel
        make = f"mkdir -p {q(str(target))}" if path.is_dir() else \
            f"mkdir -p {q(str(target.parent))} && touch {q(str(target))}"
        lines += [make, f"mount --bind {q(str(source))} {q(str(target))}"]
        if path not in writable:
            lines.append(f"mount -o remount,ro,bind {q(str(target))}")
    # ... and close the stage again before anything of the student's runs.
    return lines + [f"umount {q(str(stage))}"]


# Folders anyone may write to: each gets a fresh, empty tmpfs in the namespace
# (the work folder bound back where it lives), so a submission writes nothing
# that outlives its run.
SHARED_WRITABLE = [Path("/tmp"), Path("/var/tmp"), Path("/dev/shm"), Path("/run/lock")]


def _interpreter_paths() -> list[Path]:
    """The folders the grading interpreter runs from (its venv, its base install)."""
    paths = {Path(sys.base_prefix).resolve(), Path(sys.prefix).resolve(),
             Path(sys.executable).resolve().parent}
    # One folder inside another is bound back with it.
    return sorted(p for p in paths if not any(o in p.parents for o in paths))


def _namespace_script(keep: list[Path], stage: Path, workdir: Path, uid: int | None,
                      inner: list[str]) -> str:
    """The shell run as pid 1 of the new namespaces: hide what must be hidden, then
    run ``inner`` as its child (pid 1 ignores signals it has no handler for, even
    SIGKILL: code that kills itself must die as anywhere else)."""
    q = shlex.quote
    lines = ["set -e", "ip link set lo up 2>/dev/null || true"]
    # Shared folders first: the repository or the work folder may live in one
    # (a clone in /tmp); they are bound back, and the repository is then
    # covered in its turn, wherever it is.
    # The interpreter too: a virtualenv in /tmp is bound back, read-only.
    own = (workdir, catalog.ROOT)
    interpreter = [p for p in _interpreter_paths()
                   if not any(o == p or o in p.parents for o in own)]
    for number, shared in enumerate(SHARED_WRITABLE):
        if not shared.is_dir():
            continue
        inside = [p for p in (*own, *interpreter) if shared in p.parents]
        lines += _cover(shared, inside, stage / f"shared{number}", mode="1777", writable=own)
    lines += _cover(catalog.ROOT, keep, stage / "repo")
    if uid is not None:
        # The interpreter may live in a folder the slot's uid cannot enter
        # (pyenv under /root): cover that folder, with only the interpreter in it.
        closed: dict[Path, list[Path]] = {}
        for path in _interpreter_paths():
            if any(shared in path.parents for shared in SHARED_WRITABLE):
                continue   # bound back above, under fresh folders anyone may enter
            folder = _closed_ancestor(path)
            if folder is not None and catalog.ROOT not in (folder, *folder.parents):
                closed.setdefault(folder, []).append(path)
        for number, (folder, paths) in enumerate(sorted(closed.items())):
            lines += _cover(folder, sorted(set(paths)), stage / f"closed{number}")
    lines.append(f"cd {q(str(workdir))}")
    drop = []
    if uid is not None:
        drop = ["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups",
                "--inh-caps=-all", "--bounding-set=-all", "--"]
    lines += ["set +e", " ".join(q(part) for part in drop + inner), "exit $?"]
    return "\n".join(lines)


_running: set = set()          # grading processes alive now, for kill_all()
_running_lock = threading.Lock()
stopping = threading.Event()   # set by kill_all(); cleared by whoever starts a class


def kill_all() -> None:
    """Kill every grading process running, and any started from now on (Ctrl-C).

    A run killed here ends like a crashed one; the caller must not store it.
    """
    with _running_lock:
        stopping.set()
        procs = list(_running)
    for proc in procs:
        reap.kill_group(proc, timeout=5)


def stage_folder() -> Path:
    """An empty folder outside /tmp and the repository, for the namespace setup."""
    import tempfile
    base = "/run" if os.access("/run", os.W_OK) else None
    return Path(tempfile.mkdtemp(prefix="conclab-stage-", dir=base))


def run(inner: list[str], *, workdir: Path, stage: Path, grader: Path, slot: int = 0,
        limits: Limits = Limits(), env: dict | None = None, pass_fds: tuple = (),
        layers: Layers | None = None, output_limit: int = 20_000) -> Result:
    """Run ``inner`` (argv) in ``workdir`` behind every layer available.

    ``workdir`` is handed to the slot's uid; ``stage`` is an empty folder the
    namespace setup uses for a moment, outside every folder it covers
    (:func:`stage_folder`).  The whole process tree is killed when
    ``inner`` ends or ``limits.wall`` passes, whichever comes first.
    """
    layers = layers or probe()
    uid = UID_BASE + slot if layers.uid else None
    if uid is not None:
        os.chown(workdir, uid, uid)
        os.chmod(workdir, 0o700)
    if layers.mountns:
        script = _namespace_script(visible_paths(grader), stage, workdir, uid, inner)
        argv = ["unshare", "--fork", "--pid", "--mount-proc", "--kill-child", "--net",
                "--mount", "--", "/bin/sh", "-c", script]
    else:
        argv = list(inner)
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=workdir, env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True, pass_fds=pass_fds,
                            preexec_fn=functools.partial(_set_limits, limits))
    with _running_lock:
        _running.add(proc)
        late = stopping.is_set()   # started while kill_all() ran: killed below at once
    timed_out = False
    try:
        out, _ = _communicate(proc, 0 if late else limits.wall, output_limit)
    except subprocess.TimeoutExpired:
        timed_out = True
        out = b""
    finally:
        reap.kill_group(proc, timeout=5)
        proc.stdout.close()
        with _running_lock:
            _running.discard(proc)
    return Result(proc.returncode, time.perf_counter() - start, timed_out,
                  out.decode("utf-8", "replace"), layers.names())


def _communicate(proc: subprocess.Popen, timeout: float, keep: int) -> tuple[bytes, None]:
    """Read the output as it comes (megabytes of it must not fill memory), keep the tail."""
    import selectors
    deadline = time.monotonic() + timeout
    tail = b""
    exited = None   # when the grading process itself ended
    with selectors.DefaultSelector() as sel:
        sel.register(proc.stdout, selectors.EVENT_READ)
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise subprocess.TimeoutExpired(proc.args, timeout)
            if sel.select(min(left, 0.5)):
                chunk = os.read(proc.stdout.fileno(), 65536)
                if not chunk:
                    break
                tail = (tail + chunk)[-keep:]
            if exited is None and proc.poll() is not None:
                exited = time.monotonic()
            # A descendant that outlived it may hold the pipe open for ever.
            if exited is not None and time.monotonic() - exited > 0.5:
                break
    proc.wait(max(0.1, deadline - time.monotonic()))
    return tail, None

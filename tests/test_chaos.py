"""Unit tests of conclab.chaos: forced thread switches in one file.

The per-version tests run the child under every CPython 3.10-3.13 found in
pyenv (skipped where absent): each must catch a lock-less bank and never fail
a locked one, with the hook FINDINGS.md measured to work on that version.
"""
import glob
import os
import subprocess
import sys
import textwrap
import threading
import time

import pytest

from conclab import chaos

BANK = """
import threading
balance = 0
lock = threading.Lock()

def change_it(n):
    global balance
    {body}

def run_thread(n, times):
    for _ in range(times):
        change_it(n)

def run_bank(amounts, times):
    global balance
    balance = 0
    print("student output goes to stdout, not into the report")
    threads = [threading.Thread(target=run_thread, args=(a, times)) for a in amounts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return balance
"""
RACY = "balance = balance + n\n    balance = balance - n"
LOCKED = "with lock:\n        balance = balance + n\n        balance = balance - n"
DEADLOCK = "lock.acquire()\n    balance = balance + n\n    balance = balance - n"


def write(tmp_path, name, body=None, source=None):
    path = tmp_path / f"{name}.py"
    path.write_text(source if source is not None else BANK.format(body=body))
    return path


# --- pure helpers -------------------------------------------------------------

@pytest.mark.parametrize("version, mode", [((3, 10), "settrace"), ((3, 11), "settrace"),
                                           ((3, 12), "monitoring"), ((3, 13), "monitoring"),
                                           ((3, 14), "monitoring")])
def test_pick_mode(version, mode):
    assert chaos.pick_mode(version) == mode


def test_nap_is_real_only_on_310():
    assert chaos._nap_seconds((3, 10)) == 1e-6
    assert chaos._nap_seconds((3, 11)) == 0.0
    assert chaos._nap_seconds((3, 13)) == 0.0


def test_gil_enabled_both_branches(monkeypatch):
    monkeypatch.delattr(sys, "_is_gil_enabled", raising=False)
    assert chaos.gil_enabled() is True       # before 3.13: always a GIL
    monkeypatch.setattr(sys, "_is_gil_enabled", lambda: False, raising=False)
    assert chaos.gil_enabled() is False      # free-threaded, GIL off
    monkeypatch.setattr(sys, "_is_gil_enabled", lambda: True, raising=False)
    assert chaos.gil_enabled() is True


def test_stuck_lines_reads_faulthandler_dump():
    dump = textwrap.dedent("""\
        Thread 0x00007f01 (most recent call first):
          File "/x/lock_race.py", line 11 in change_it
          File "/x/lock_race.py", line 17 in run_thread
          File "/usr/lib/python3.11/threading.py", line 975 in run

        Thread 0x00007f02 (most recent call first):
          File "/usr/lib/python3.11/threading.py", line 320 in wait
          File "/x/lock_race.py", line 11 in change_it

        Current thread 0x00007f03 (most recent call first):
          File "/usr/lib/python3.11/threading.py", line 1112 in join
          File "/x/lock_race.py", line 28 in run_bank
        """)
    assert chaos.stuck_lines(dump, "lock_race.py") == ["line 11 in change_it",
                                                       "line 28 in run_bank"]
    assert chaos.stuck_lines("", "lock_race.py") == []


def _load(path):
    from conclab.target import import_file
    return import_file(path, path.stem)


def test_switches_only_in_the_target_file(tmp_path):
    target = _load(write(tmp_path, "chaos_target_a", body=RACY))
    other = _load(write(tmp_path, "chaos_other_b", body=RACY))
    with chaos.ForcedSwitches(tmp_path / "chaos_target_a.py", p=0.5) as on_target:
        target.run_thread(1, 200)
    with chaos.ForcedSwitches(tmp_path / "chaos_target_a.py", p=0.5) as on_other:
        other.run_thread(1, 200)
    assert on_target.switches > 100
    assert on_other.switches == 0


def test_switches_reach_new_threads(tmp_path):
    module = _load(write(tmp_path, "chaos_target_c", body=LOCKED))
    with chaos.ForcedSwitches(tmp_path / "chaos_target_c.py", p=0.5) as forced:
        t = threading.Thread(target=module.run_thread, args=(1, 200))
        t.start()
        t.join()
    assert forced.switches > 100


def test_hooks_are_removed_afterwards(tmp_path):
    module = _load(write(tmp_path, "chaos_target_d", body=RACY))
    before = sys.gettrace()
    with chaos.ForcedSwitches(tmp_path / "chaos_target_d.py") as forced:
        pass
    assert sys.gettrace() is before
    if forced.mode == "monitoring":
        assert all(sys.monitoring.get_tool(i) != chaos.TOOL_NAME for i in range(6))
    after = chaos.ForcedSwitches(tmp_path / "chaos_target_d.py", p=1.0)
    module.run_thread(1, 50)  # nothing is installed: must not count
    assert after.switches == 0


@pytest.mark.skipif(sys.version_info < (3, 12), reason="sys.monitoring is 3.12+")
def test_monitoring_takes_a_free_tool_id(tmp_path):
    sys.monitoring.use_tool_id(3, "someone else")
    try:
        with chaos.ForcedSwitches(tmp_path / "x.py") as forced:
            assert forced._tool not in (None, 3)
    finally:
        sys.monitoring.free_tool_id(3)


def test_still_forces_when_the_gil_is_off(tmp_path, monkeypatch):
    # Free-threaded builds: same hook; we can only check nothing branches away.
    monkeypatch.setattr(sys, "_is_gil_enabled", lambda: False, raising=False)
    module = _load(write(tmp_path, "chaos_target_e", body=LOCKED))
    with chaos.ForcedSwitches(tmp_path / "chaos_target_e.py", p=0.5) as forced:
        module.run_thread(1, 100)
    assert forced.switches > 0


# --- in a child process -----------------------------------------------------------

def test_run_catches_the_race_and_passes_the_lock(tmp_path):
    racy = chaos.run(write(tmp_path, "racy", body=RACY), "run_bank", [[5, 8], 300], rounds=3)
    locked = chaos.run(write(tmp_path, "locked", body=LOCKED), "run_bank", [[5, 8], 300],
                       rounds=3)
    assert racy.status == locked.status == "ok"
    assert any(v != 0 for v in racy.values), racy
    assert locked.values == [0, 0, 0] and locked.switches > 0


def test_run_reports_a_deadlock_with_where(tmp_path):
    started = time.perf_counter()
    result = chaos.run(write(tmp_path, "stuck", body=DEADLOCK), "run_bank", [[5, 8], 100],
                       timeout=1.5)
    assert result.status == "hung"
    assert time.perf_counter() - started < 5
    assert any("change_it" in where for where in result.stuck_at), result.stuck_at


def test_run_leaves_no_process_behind(tmp_path):
    from conclab import reap
    before = reap.descendants()
    chaos.run(write(tmp_path, "stuck2", body=DEADLOCK), "run_bank", [[5, 8], 100], timeout=1.0)
    assert reap.descendants() - before == set()


def test_run_reports_exceptions_and_crashes(tmp_path):
    broken = write(tmp_path, "broken", source="def f():\n    raise NotImplementedError\n")
    result = chaos.run(broken, "f")
    assert (result.status, result.error_type, result.error_func) == \
        ("error", "NotImplementedError", "f")
    missing = chaos.run(broken, "nope")
    assert missing.status == "error" and "nope" in missing.error
    dying = write(tmp_path, "dying", source="import os\ndef f():\n    os._exit(3)\n")
    crashed = chaos.run(dying, "f")
    assert crashed.status == "crashed" and "3" in crashed.error


def test_child_ignores_student_stdout_and_unjoined_threads(tmp_path):
    source = ("import threading, time\n"
              "def f():\n"
              "    print('{\"not\": \"the report\"}')\n"
              "    threading.Thread(target=time.sleep, args=(60,)).start()\n"
              "    return 42\n")
    started = time.perf_counter()
    result = chaos.run(write(tmp_path, "chatty", source=source), "f", rounds=2, timeout=5)
    assert result.status == "ok" and result.values == [42, 42]
    assert time.perf_counter() - started < 4  # the unjoined thread did not keep it alive


# --- every Python here ------------------------------------------------------------

def _python(version):
    found = sorted(glob.glob(f"/root/.pyenv/versions/{version}.*/bin/python"))
    found = [p for p in found if os.access(p, os.X_OK) and not p.endswith("t/bin/python")]
    return found[-1] if found else None


@pytest.mark.parametrize("version", ["3.10", "3.11", "3.12", "3.13"])
def test_every_python_catches_the_race(tmp_path, version):
    python = _python(version)
    if python is None:
        pytest.skip(f"no CPython {version} under /root/.pyenv/versions")
    racy = chaos.run(write(tmp_path, "racy", body=RACY), "run_bank", [[5, 8], 300],
                     rounds=3, python=python)
    locked = chaos.run(write(tmp_path, "locked", body=LOCKED), "run_bank", [[5, 8], 300],
                       rounds=3, python=python)
    assert racy.python.startswith(version) and locked.python.startswith(version)
    assert racy.mode == chaos.pick_mode(tuple(map(int, version.split("."))))
    assert racy.status == locked.status == "ok", (racy.error, locked.error)
    assert any(v != 0 for v in racy.values), racy.values
    assert locked.values == [0, 0, 0]


def test_module_runs_as_a_command(tmp_path):
    out = tmp_path / "report.json"
    path = write(tmp_path, "cmd", body=LOCKED)
    proc = subprocess.run([sys.executable, "-m", "conclab.chaos", str(path), "run_bank",
                           "--args", "[[1, 2], 50]", "--rounds", "1", "--out", str(out)],
                          env=chaos._env_with_conclab(), capture_output=True, timeout=30)
    assert proc.returncode == 0, proc.stderr
    import json
    report = json.loads(out.read_text())
    assert report["done"] and report["rounds"][0]["value"] == 0

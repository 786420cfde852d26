"""Hidden grader for process_queue: a writer and a reader process, a Queue, a sentinel.

Every call of ``transfer`` runs in a fresh driver process
(:mod:`conclab.isolated`) with a hard time limit, so a reader that never
stops, or a writer that can never exit, costs one failed test and leaves
nothing behind.  What is observed:

- ``handle`` is an instrumented task (:mod:`conclab.tasks`, picklable, so
  it works under fork, forkserver and spawn alike) that records every value
  it is given, in which process, and when: the values must arrive exactly
  once each, in order (duplicates and a falsy ``0`` included), all in one
  process that is not the caller;
- every ``multiprocessing`` process ``transfer`` started is recorded with
  its target (``write``/``read``) and, at the moment ``transfer`` returns,
  the exit code its parent collected (``None``: never joined) and whether
  it still exists.  A reader stopped with ``terminate()`` shows -15, one
  that ended on the sentinel shows 0;
- a slow writer (``pause``) forces the case where the sentinel is sent too
  early: anything put after it is lost;
- a task that lingers 0.3 s after the reader's last value keeps an
  unjoined reader visibly alive when ``transfer`` returns;
- 30 values of 10 KB (more than a pipe holds) keep the writer from exiting
  until the reader reads: joining the writer before starting the reader
  deadlocks.

Correctness runs under fork, forkserver and spawn; observation under fork.
"""
import json

import pytest

from conclab import isolated
from conclab.tasks import TaskLog
from conclab.timeline import render

VALUES = [3, 1, 0, 4, 1, 5, 9, 2, 6]   # a duplicate, and a falsy 0
LIMIT = {"fork": 3.0, "forkserver": 6.0, "spawn": 6.0}  # s; a correct call takes 0.01-0.5 s

HANG = ("transfer() did not return within {limit:g} s. The reader must stop by itself: the "
        "parent joins the writer, then puts SENTINEL on the queue, then joins the reader, whose "
        "loop returns when `q.get()` gives SENTINEL (check it with `is`). Start both processes "
        "before joining either.")


def transfer(exercise, tmp_path, values, method="fork", pause=0.0, setup="", handle=None,
             **task):
    """Run transfer in a fresh driver; (outcome, task log)."""
    exercise.transfer  # a missing function fails here, with the plugin's lesson
    log = TaskLog(tmp_path / f"log-{method}")
    setup = f"from conclab.tasks import Task\ntask = Task({str(log.folder)!r}, **{task!r})\n" + setup
    handle = handle or "task"
    out = isolated.run(exercise.path, f"student.transfer({values!r}, handle={handle}, "
                                      f"pause={pause!r})",
                       setup=setup, module=exercise.slug, timeout=LIMIT[method],
                       start_method=method)
    if out.status == "hung":
        pytest.fail(HANG.format(limit=LIMIT[method]) + shown_processes(out), pytrace=False)
    lesson = out.lesson(f"transfer({values!r})")
    if lesson:
        pytest.fail(lesson, pytrace=False)
    return out, log


def shown_processes(out):
    if not out.processes:
        return ""
    return "\nProcesses started: " + ", ".join(
        f"{p['target']}() pid {p['pid']}" for p in out.processes)


def role(out, target):
    found = [p for p in out.processes if p["target"] == target]
    return found[0] if len(found) == 1 else None


def check_values(out, log, values, what):
    records = log.records()
    got = [r.x for r in records]
    pids = {r.pid for r in records}
    if got != values:
        lost = [v for v in values if got.count(v) < values.count(v)]
        reader = role(out, "read")
        killed = ""
        if reader and (reader["exitcode"] or 0) < 0:
            killed = (f"The reader process was killed by signal {-reader['exitcode']} "
                      f"(terminate() sends SIGTERM, 15) before it got to them. ")
        pytest.fail(
            f"{what}: the reader's handle() got {got}; expected {values}, each value once, in "
            f"order.\n"
            + (f"Missing: {lost}. " if lost else "") + killed
            + ("A reader that stops at `if not value:` takes 0 for the end; compare with "
               "`value is SENTINEL`. " if 0 in values and got[:2] == values[:2] and 0 not in got
               else "")
            + "The reader must run until it gets SENTINEL, and SENTINEL must come after the "
              "writer's last value." + shown_processes(out), pytrace=False)
    if out.pid in pids:
        pytest.fail(f"{what}: the values were handled in the parent process (pid {out.pid}), "
                    f"not in a reader process: start a multiprocessing.Process(target=read, "
                    f"args=(q, handle)).", pytrace=False)
    reader = role(out, "read")
    if reader is None or pids != {reader["pid"]}:
        pytest.fail(f"{what}: the values were handled in process(es) {sorted(pids)}; expected "
                    f"one reader process running read(q, handle)." + shown_processes(out),
                    pytrace=False)


# --- every value arrives once, in order, under every start method ----------------

@pytest.mark.points(1)
@pytest.mark.timeout(20)
@pytest.mark.parametrize("method", ["fork", "forkserver", "spawn"])
def test_values_arrive_once_in_order(exercise, tmp_path, method):
    out, log = transfer(exercise, tmp_path, VALUES, method)
    check_values(out, log, VALUES, f"with the {method!r} start method")
    assert out.value == [0, 0], (
        f"transfer() returned {out.value!r}; expected (0, 0): the writer's and the reader's "
        f"exit codes, after both ended by themselves")


# --- the reader stops on the sentinel, not terminate() --------------------------

@pytest.mark.points(2)
@pytest.mark.timeout(20)
def test_reader_ends_on_the_sentinel(exercise, tmp_path):
    # Each value takes the reader 20 ms: a reader killed as soon as the
    # writer is done is caught with values still in the queue.
    out, log = transfer(exercise, tmp_path, VALUES, sleep=0.02)
    reader = role(out, "read")
    if reader is None:
        pytest.fail("transfer() must start one multiprocessing.Process(target=read, ...)"
                    + shown_processes(out), pytrace=False)
    if reader["exitcode"] is not None and reader["exitcode"] < 0:
        handled = [r.x for r in log.records()]
        pytest.fail(f"the reader process was killed by signal {-reader['exitcode']} (exit code "
                    f"{reader['exitcode']}) after it had handled {handled} of {VALUES}. "
                    f"terminate() kills it wherever it is. Put SENTINEL on the queue after the "
                    f"writer is done and let the reader return when it gets it; then join() it.",
                    pytrace=False)
    assert reader["exitcode"] == 0, (
        f"when transfer() returned, the reader's exit code was {reader['exitcode']!r}; expected "
        f"0 (it ended by itself and was joined)")
    check_values(out, log, VALUES, "with a reader that takes 20 ms per value")


@pytest.mark.points(2)
@pytest.mark.timeout(20)
def test_no_value_lost_with_a_slow_writer(exercise, tmp_path):
    # The writer waits 50 ms after each put: a sentinel sent before the
    # writer is done, or a reader that stops when the queue looks empty,
    # ends the stream before the last values.
    values = [10, 20, 30, 40, 50, 60]
    out, log = transfer(exercise, tmp_path, values, pause=0.05)
    records = log.records()
    if [r.x for r in records] != values:
        got = [r.x for r in records]
        pytest.fail(
            f"the writer waited 50 ms after each put; the reader handled {got} of {values} and "
            f"stopped.\n{render([r.interval() for r in records])}\n"
            f"The stream ended early. Two usual causes: the parent put SENTINEL before the "
            f"writer had finished (join() the writer first: only then is its last value on "
            f"the queue), or the reader stopped because the queue was empty for a moment "
            f"(`q.empty()` or a get() timeout says nothing about values still to come; only "
            f"SENTINEL does)." + shown_processes(out), pytrace=False)
    check_values(out, log, values, "with a slow writer")


# --- both processes are joined -----------------------------------------------------

@pytest.mark.points(2)
@pytest.mark.timeout(20)
def test_both_processes_joined(exercise, tmp_path):
    # The reader's process stays alive 0.3 s after its last value (a
    # lingering thread): returning without join() leaves it running.
    out, log = transfer(exercise, tmp_path, VALUES, linger=0.3)
    roles = {p["target"]: p for p in out.processes}
    for target in ("write", "read"):
        if target not in roles:
            pytest.fail(f"transfer() must start a multiprocessing.Process(target={target}, ...)"
                        + shown_processes(out), pytrace=False)
    for target, p in roles.items():
        state = out.left.get(p["pid"])
        if state is not None and state != "Z":
            pytest.fail(f"when transfer() returned, the {target}() process (pid {p['pid']}) was "
                        f"still running: join() it before returning.", pytrace=False)
        if p["exitcode"] is None:
            pytest.fail(f"when transfer() returned, nobody had collected the exit code of the "
                        f"{target}() process (pid {p['pid']})"
                        + (": it was a zombie" if state == "Z" else "")
                        + ". join() every process you start.", pytrace=False)
    assert not out.left, (
        f"when transfer() returned, process(es) {sorted(out.left)} were still there "
        f"(states {json.dumps(out.left)}): join every process you start")


# --- the reader runs while the writer writes --------------------------------------

@pytest.mark.points(2)
@pytest.mark.timeout(20)
def test_reader_runs_while_writer_writes(exercise, tmp_path):
    # 30 values of 10 KB: more than a pipe holds.  The writer cannot exit
    # until the reader has read most of them.
    values = repr([f"{i:05d}" + "x" * 10_000 for i in range(30)])
    setup = ("def handle(value):\n"
             "    log(event='got', head=value[:5], size=len(value))\n")
    exercise.transfer
    out = isolated.run(exercise.path, f"student.transfer({values}, handle=handle, pause=0.0)",
                       setup=setup, module=exercise.slug, timeout=LIMIT["fork"],
                       start_method="fork")
    if out.status == "hung":
        pytest.fail(f"transfer() of 30 values of 10 KB did not return within {LIMIT['fork']:g} "
                    f"s. A process that put values on a Queue cannot exit until they are all "
                    f"in the pipe, and a pipe holds 64 KiB: the writer waits for a reader. "
                    f"Start the reader before you join the writer (start both, then join)."
                    + shown_processes(out), pytrace=False)
    lesson = out.lesson("transfer(30 values of 10 KB)")
    if lesson:
        pytest.fail(lesson, pytrace=False)
    heads = [e["head"] for e in out.log if e["event"] == "got"]
    assert heads == [f"{i:05d}" for i in range(30)], (
        f"the reader handled {len(heads)} of the 30 big values (in this order: {heads}); "
        f"expected all 30, in order")

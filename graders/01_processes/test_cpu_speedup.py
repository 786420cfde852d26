"""Hidden grader for cpu_speedup: CPU-bound work that really runs in parallel.

Nothing is assumed from the source; everything is observed.  The student's
``cpu_bound`` is replaced by an instrumented task (:mod:`conclab.tasks`)
that records which process and thread ran it, when, and how much CPU it
used.  What is graded, and how:

- the sums themselves, exact and in the order of the inputs, with the real
  ``cpu_bound``, under fork, forkserver and spawn (the seed threw them away);
- **structure, not timing**: the tasks ran in worker processes, not in the
  grader's own process (threads and plain loops show its pid); two of them
  ran at the same time in two different processes (a rendezvous, ``meet=2``,
  forces it in correct code, so a Pool used one task at a time, a pool per
  item or ``Pool(1)`` is caught every time); exactly ``processes`` workers;
  input order kept when the first task is made to finish last; no worker
  left running;
- **speedup**, as a second signal: CPU-bound tasks of 30 ms each, judged by
  :func:`conclab.speedup.judge_parallel` (overlap in >= 2 PIDs, then CPU
  seconds per wall second, then best-of-3 wall speedup, then a reference
  run of our own); skipped with the reason on one usable core or on a
  machine too busy to tell, never failed for that.

``multiprocessing.Pool`` and ``concurrent.futures.ProcessPoolExecutor`` are
both correct.  Observation tests use the "fork" start method (fastest).

Concurrency:
    Every call of the student's code runs on a helper thread with a deadline
    (:func:`conclab.interleave.call_with_timeout`); after one hang, later
    tests fail at once instead of each waiting for its deadline.
"""
import multiprocessing
import os

import pytest

from conclab import reap, speedup
from conclab.interleave import StillRunning, call_with_timeout
from conclab.tasks import TaskLog
from conclab.timeline import render
from conclab.startmethods import METHODS
from conclab.startmethods import fork, pools, start_method  # noqa: F401 (fixtures)

MEET_TIMEOUT = 2.0    # seconds a rendezvous waits for another worker (fork starts them in ms)
CALL_TIMEOUT = 10.0   # seconds for one call (correct: 0.05-0.5 s; the speedup runs ~0.2 s)
CPU_PER_TASK = 0.03   # seconds of CPU per task in the speedup test
NUMBERS = [30_000 + 7_919 * k for k in range(6)]   # ~2-4 ms of CPU each

_stuck: dict = {}     # submission file -> the test in which its code never returned


# --- fixtures -------------------------------------------------------------------

@pytest.fixture
def log(tmp_path, exercise, monkeypatch, fork):
    """A task log; ``log.use(**options)`` swaps the student's ``cpu_bound`` for a task."""
    log = TaskLog(tmp_path / "tasks")

    def use(**options):
        task = log.task(**options)
        # find_sums looks cpu_bound up as a module global when it runs.
        monkeypatch.setattr(exercise.module, "cpu_bound", task)
        return task

    log.use = use
    return log


# --- calling the student's code ---------------------------------------------------

def _current_test() -> str:
    return os.environ.get("PYTEST_CURRENT_TEST", "an earlier test").split("::")[-1].split(" ")[0]


def call(exercise, numbers, **kwargs):
    """``exercise.find_sums(numbers, **kwargs)`` with a deadline, common mistakes explained."""
    find_sums = exercise.find_sums
    if exercise.path in _stuck:
        pytest.fail(f"not run: find_sums got stuck in {_stuck[exercise.path]}; fix that first",
                    pytrace=False)
    shown = f"find_sums({list(numbers)}{''.join(f', {k}={v}' for k, v in kwargs.items())})"
    try:
        return call_with_timeout(lambda: find_sums(list(numbers), **kwargs),
                                 timeout=CALL_TIMEOUT, name="find_sums")
    except StillRunning:
        _stuck[exercise.path] = _current_test()
        pytest.fail(f"{shown} did not return within {CALL_TIMEOUT:g} s. Under 'spawn' and "
                    f"'forkserver' a pool whose function cannot be found by its workers waits "
                    f"forever: give it the module-level `cpu_bound`.", pytrace=False)
    except Exception as exc:  # noqa: BLE001 - re-raised unless it is about pickling
        if "pickle" not in str(exc).lower():
            raise
        pytest.fail(f"{shown} failed with {type(exc).__name__}: {exc}\nA pool sends "
                    f"`cpu_bound` to its workers by pickling it, which stores only the "
                    f"function's module and name: pass the module-level `cpu_bound` itself, "
                    f"not a lambda or a nested function.", pytrace=False)


def evidence(log):
    return speedup.Evidence(log.records())


def what_ran(ev):
    if not ev.records:
        return ("no task was recorded: call the module's `cpu_bound` by its name inside "
                "find_sums (the grader replaces it with a task that records where it runs)")
    return speedup.describe(ev)


# --- the sums, under every start method ------------------------------------------

@pytest.mark.points(1)
@pytest.mark.timeout(30)
@pytest.mark.parametrize("start_method", METHODS, indirect=True)
def test_sums_exact_and_in_order(exercise, start_method):
    numbers = [NUMBERS[k] for k in (3, 0, 5, 1, 4, 2)]
    want = [sum(i * i for i in range(n)) for n in numbers]
    got = call(exercise, numbers, processes=2)
    assert got == want, (
        f"find_sums({numbers}, processes=2) returned {got!r} with the {start_method!r} start "
        f"method; expected {want}: cpu_bound(n) for each n, in the order of numbers.\n"
        f"The seed's find_sums throws away what `pool.map` returns: return that list. "
        f"(`imap_unordered` and `as_completed` give finishing order, not input order.)")
    got = call(exercise, [], processes=2)
    assert got == [], f"find_sums([]) returned {got!r}; expected []"


# --- structure: where and when the work ran (start method "fork") ------------------

@pytest.mark.points(2)
@pytest.mark.timeout(20)
def test_work_runs_in_worker_processes(exercise, log):
    log.use(sleep=0.02)
    call(exercise, range(6), processes=2)
    ev = evidence(log)
    assert ev.records and not (ev.pids & {ev.parent}), (
        f"{what_ran(ev)}\nCPU-bound Python code needs worker *processes*: each has its own "
        f"interpreter and GIL, so they run on different cores at once. Threads "
        f"(ThreadPoolExecutor, multiprocessing.pool.ThreadPool) share one GIL and take turns. "
        f"Use `multiprocessing.Pool(processes)` or "
        f"`concurrent.futures.ProcessPoolExecutor(max_workers=processes)`.")


@pytest.mark.points(2)
@pytest.mark.timeout(20)
def test_two_workers_run_at_the_same_time(exercise, log):
    # Each task waits until tasks have started in 2 processes, then works
    # 30 ms: a correct pool of 2 runs them two at a time, for sure.
    log.use(meet=2, meet_timeout=MEET_TIMEOUT, sleep=0.03)
    call(exercise, range(6), processes=2)
    ev = evidence(log)
    if log.gave_up() or len(ev.worker_pids) < 2 or ev.overlap == 0:
        waited = ""
        if ev.worker_pids:
            waited = (f"The first task waited {MEET_TIMEOUT:g} s for a task to start in a second "
                      f"worker process at the same time, and none did.\n")
        pytest.fail(f"{waited}{what_ran(ev)}\nExpected: 2 worker processes running tasks at the "
                    f"same time. Hand all the numbers to one pool at once (`pool.map(cpu_bound, "
                    f"numbers)`); calling `.get()`/`.result()` right after each submit, or "
                    f"making a pool per number, runs them one at a time.", pytrace=False)


@pytest.mark.points(1)
@pytest.mark.timeout(20)
def test_exactly_processes_workers(exercise, log):
    processes = 3
    # A rendezvous of 3, then 50 ms each: every worker of a pool of 3 gets a task.
    log.use(meet=processes, meet_timeout=MEET_TIMEOUT, sleep=0.05)
    call(exercise, range(3 * processes), processes=processes)
    ev = evidence(log)
    pids = log.started_pids() - {ev.parent}
    if not pids:
        pytest.fail(f"{what_ran(ev)}\nfind_sums must run its tasks in worker processes.",
                    pytrace=False)
    assert len(pids) == processes, (
        f"find_sums(numbers, processes={processes}) ran tasks in {len(pids)} worker "
        f"process(es); expected exactly {processes}:\n{render(ev.intervals)}\n"
        f"Pass `processes` on: `Pool(processes=processes)` or "
        f"`ProcessPoolExecutor(max_workers=processes)`. `Pool()` alone starts one worker per "
        f"CPU of the machine ({os.cpu_count()} here), which in a container may be more than "
        f"you may use.")


@pytest.mark.points(1)
@pytest.mark.timeout(20)
def test_order_when_tasks_finish_out_of_order(exercise, log):
    xs = list(range(8))
    # x=0 takes 0.3 s longer, so the other worker finishes x=1..7 first.
    log.use(meet=2, meet_timeout=MEET_TIMEOUT, delays={0: 0.3})
    got = call(exercise, xs, processes=2)
    finished = [r.x for r in log.records()]
    assert got == [x * x for x in xs], (
        f"find_sums({xs}) returned {got!r}; expected {[x * x for x in xs]} (the grader's "
        f"cpu_bound returns x * x).\nThe tasks finished in this order: x = {finished} (x=0 was "
        f"made slow on purpose). Keep the input order: `pool.map` and `executor.map` do; "
        f"`imap_unordered` and `as_completed` give finishing order.")


@pytest.mark.points(1)
@pytest.mark.timeout(20)
def test_no_worker_left(exercise, log):
    # Each worker keeps running 0.5 s after it is told to exit (a lingering
    # thread): only a pool that is joined (or terminated) leaves none alive.
    log.use(sleep=0.02, linger=0.5)
    call(exercise, range(4), processes=2)
    left = sorted(pid for pid in {r.pid for r in log.records()}
                  if pid != os.getpid() and reap.alive(pid))
    assert not left, (
        f"find_sums() returned while {len(left)} worker process(es) were still running "
        f"(pid {', '.join(map(str, left))}).\n"
        f"Shut the pool down before returning: `with multiprocessing.Pool(...) as pool:` (and "
        f"`close()` + `join()` inside), or `with ProcessPoolExecutor(...) as executor:`, "
        f"whose exit waits for the workers.")


# --- speedup --------------------------------------------------------------------

@pytest.mark.points(3)
@pytest.mark.timing
@pytest.mark.timeout(60)
def test_cpu_speedup(exercise, log, tmp_path):
    """8 tasks of 30 ms CPU each with processes=2: they must really run in parallel."""
    if reason := speedup.skip_reason(2):
        pytest.skip(reason)
    xs = list(range(8))
    log.use(cpu=CPU_PER_TASK)

    def run():
        log.clear()
        call(exercise, xs, processes=2)
        return evidence(log)

    serial_task = TaskLog(tmp_path / "serial").task(cpu=CPU_PER_TASK)
    verdict = speedup.judge_parallel(run, workers=2, serial=lambda: [serial_task(x) for x in xs])
    if verdict.status == "skip":
        pytest.skip(verdict.message)
    assert verdict.status == "pass", (
        f"{verdict.message}\nExpected: the 8 CPU-bound tasks spread over 2 worker processes "
        f"running at the same time on 2 cores, about twice as fast as one after another.")

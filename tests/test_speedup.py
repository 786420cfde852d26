"""conclab.tasks records what ran where; conclab.speedup judges it fairly.

Fake records check every verdict path (including one core and a busy
machine) without timing anything; a few real pools check the tasks under
each start method.
"""
import multiprocessing
import os
import pickle
import time

import pytest

from conclab import reap, speedup, tasks
from conclab.tasks import Record, TaskLog

PARENT = 1000


def rec(pid, start, end, cpu=None, thread="MainThread", x=0):
    return Record(x, pid, "ForkPoolWorker-1", thread, start, end,
                  end - start if cpu is None else cpu, True)


def ev(*records):
    return speedup.Evidence(list(records), parent=PARENT)


# --- thresholds and the one-core skip ------------------------------------------

def test_threshold_scales_with_usable_parallelism():
    assert speedup.threshold(2, cores=2) == pytest.approx(1.1)
    assert speedup.threshold(4, cores=16) == pytest.approx(1.3)
    assert speedup.threshold(8, cores=2) == pytest.approx(1.1)   # capped by cores
    assert speedup.threshold(8, cores=1) == pytest.approx(1.0)


def test_skip_reason_on_one_core():
    reason = speedup.skip_reason(2, cores=1)
    assert "1 CPU core" in reason and "skipped, not failed" in reason
    assert speedup.skip_reason(2, cores=2) is None


def test_one_core_skips_without_running_anything():
    def run():
        raise AssertionError("must not run on one core")
    verdict = speedup.judge_parallel(run, workers=2, cores=1)
    assert verdict.status == "skip" and "1 CPU core" in verdict.message


def test_one_core_is_read_from_cores(monkeypatch):
    monkeypatch.setattr(speedup, "usable_cores", lambda: 1)
    assert speedup.skip_reason(2) is not None


# --- evidence from fake intervals ------------------------------------------------

def test_parallel_evidence():
    e = ev(rec(1, 0.0, 1.0), rec(2, 0.0, 1.0), rec(1, 1.0, 2.0), rec(2, 1.0, 2.0))
    assert e.worker_pids == {1, 2}
    assert e.overlap == pytest.approx(2.0) and e.overlapped
    assert e.cpu_ratio == pytest.approx(2.0)


def test_serial_in_parent_is_described_as_such():
    e = ev(rec(PARENT, 0, 1), rec(PARENT, 1, 2))
    assert not e.overlapped and e.worker_pids == set()
    text = speedup.describe(e)
    assert text.startswith("your 2 tasks ran one after another in the test's own process")
    assert f"pid {PARENT}" in text and "|" in text  # the picture is there


def test_threads_in_parent_are_named():
    e = ev(rec(PARENT, 0, 1, thread="T1"), rec(PARENT, 0, 1, thread="T2"))
    assert e.overlap == 0          # same pid: threads never count as overlap
    assert "2 threads of the test's own process" in speedup.describe(e)


def test_workers_taking_turns():
    e = ev(rec(1, 0, 1), rec(2, 1, 2), rec(1, 2, 3))
    assert e.overlap == 0
    assert "one after another in 2 worker process(es)" in speedup.describe(e)


def test_overlap_without_cpu_is_time_slicing():
    # Two processes "overlap" but share one core: 1 CPU-second per second.
    e = ev(rec(1, 0, 2, cpu=1.0), rec(2, 0, 2, cpu=1.0))
    assert e.overlapped and e.cpu_ratio == pytest.approx(1.0)
    assert "took turns on one core" in speedup.describe(e)


def test_nothing_recorded():
    assert "no task was recorded" in speedup.describe(ev())


# --- verdicts ---------------------------------------------------------------------

PARALLEL = (rec(1, 0, 1), rec(2, 0, 1))
SLICED = (rec(1, 0, 2, cpu=1.0), rec(2, 0, 2, cpu=1.0))
SERIAL = (rec(PARENT, 0, 1), rec(PARENT, 1, 2))


def runner(*records, calls=None):
    def run():
        if calls is not None:
            calls.append(1)
        return ev(*records)
    return run


def test_verdict_pass_on_first_good_attempt():
    calls = []
    v = speedup.judge_parallel(runner(*PARALLEL, calls=calls), workers=2, cores=2)
    assert v.status == "pass" and len(calls) == 1


def test_verdict_fail_when_never_overlapping_is_not_excused(monkeypatch):
    monkeypatch.setattr(speedup, "machine_ratio", lambda *a, **k: 0.1)  # even when busy
    v = speedup.judge_parallel(runner(*SERIAL), workers=2, cores=2, attempts=2)
    assert v.status == "fail" and len(v.attempts) == 2
    assert "one after another" in v.message


def test_verdict_skips_when_the_machine_is_busy(monkeypatch):
    monkeypatch.setattr(speedup, "machine_ratio", lambda *a, **k: 0.9)
    v = speedup.judge_parallel(runner(*SLICED), workers=2, cores=2)
    assert v.status == "skip" and "too busy" in v.message


def test_verdict_fails_time_slicing_on_an_idle_machine(monkeypatch):
    monkeypatch.setattr(speedup, "machine_ratio", lambda *a, **k: 1.9)
    v = speedup.judge_parallel(runner(*SLICED), workers=2, cores=2)
    assert v.status == "fail" and "took turns on one core" in v.message


def test_wall_speedup_is_the_second_signal(monkeypatch):
    monkeypatch.setattr(speedup, "machine_ratio", lambda *a, **k: 1.9)

    def run():
        time.sleep(0.01)
        return ev(*SLICED)
    v = speedup.judge_parallel(run, workers=2, cores=2, serial=lambda: time.sleep(0.05))
    assert v.status == "pass" and "wall speedup" in v.message


def test_wall_speedup_best_of_k():
    assert speedup.wall_speedup(lambda: time.sleep(0.02), lambda: None, k=2) > 10


# --- real tasks --------------------------------------------------------------------

@pytest.fixture(params=["fork", "forkserver", "spawn"])
def ctx(request):
    if request.param not in multiprocessing.get_all_start_methods():
        pytest.skip(f"no {request.param}")
    return multiprocessing.get_context(request.param)


def test_task_pickles_with_its_settings(tmp_path):
    task = TaskLog(tmp_path).task(cpu=0.5, meet=3, delays={1: 0.2})
    copy = pickle.loads(pickle.dumps(task))
    assert (copy.path, copy.cpu, copy.meet, copy.delays) == (task.path, 0.5, 3, {1: 0.2})


def test_records_under_every_start_method(tmp_path, ctx):
    # Settings travel in the pickle: forkserver children don't see environment
    # variables set after the forkserver started.
    log = TaskLog(tmp_path)
    with ctx.Pool(2) as pool:
        assert pool.map(log.task(meet=2), range(4)) == [0, 1, 4, 9]
        pool.close()
        pool.join()
    records = log.records()
    assert sorted(r.x for r in records) == [0, 1, 2, 3]
    assert len({r.pid for r in records}) == 2 and os.getpid() not in {r.pid for r in records}
    assert all(r.met and "PoolWorker" in r.process for r in records)
    assert not log.gave_up()


def test_rendezvous_in_home_process_gives_up_at_once(tmp_path):
    log = TaskLog(tmp_path)
    task = log.task(meet=2, meet_timeout=5)
    t0 = time.perf_counter()
    assert [task(x) for x in range(3)] == [0, 1, 4]
    assert time.perf_counter() - t0 < 1
    assert log.gave_up() and not any(r.met for r in log.records())


def test_rendezvous_too_few_workers_gives_up_once(tmp_path):
    log = TaskLog(tmp_path)
    ctx = multiprocessing.get_context("fork")
    t0 = time.perf_counter()
    with ctx.Pool(2) as pool:
        pool.map(log.task(meet=3, meet_timeout=0.3), range(6))
    assert time.perf_counter() - t0 < 0.3 * 2.5   # not once per task
    assert log.gave_up() and len(log.started_pids()) == 2


def test_spin_uses_the_cpu_asked():
    assert 0.05 <= tasks.spin(0.05) < 0.1


def test_linger_keeps_a_closed_worker_alive(tmp_path):
    log = TaskLog(tmp_path)
    pool = multiprocessing.get_context("fork").Pool(1)
    pool.map(log.task(linger=0.5), [1])
    pool.close()
    (pid,) = {r.pid for r in log.records()}
    assert reap.alive(pid)        # told to exit, still running
    pool.join()
    assert not reap.alive(pid)


def test_concurrent_appends_stay_whole(tmp_path):
    log = TaskLog(tmp_path)
    with multiprocessing.get_context("fork").Pool(4) as pool:
        pool.map(log.task(), range(400), chunksize=1)
    assert sorted(r.x for r in log.records()) == list(range(400))


def test_machine_ratio_measures_something():
    assert speedup.machine_ratio(2, cpu=0.01) > 0


def test_verdict_skips_when_the_reference_is_barely_better(monkeypatch):
    # A loaded machine: our own processes did only a little better than the
    # student's pool, which is noise, not evidence of time slicing.
    monkeypatch.setattr(speedup, "machine_ratio", lambda *a, **k: 1.15)
    v = speedup.judge_parallel(runner(*SLICED), workers=2, cores=2)
    assert v.status == "skip" and "too busy" in v.message

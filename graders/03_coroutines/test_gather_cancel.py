"""Hidden grader for gather_cancel.

``worker`` is graded on its own.  ``run_with_deadline`` is graded with the
student's ``worker`` replaced by the grader's (so one bug costs once), which
records every call: the task that ran it and when it started and ended.
Each coroutine runs in a fresh event loop with a hard timeout, and every
task left over is cancelled and awaited (conclab.aio.run).

Timing: the seed's 1 s / 2 s / 3 s with a 2 s deadline, scaled down.  Every
job ends >= 100 ms away from its deadline, and wall-time bounds leave
>= 150 ms; asyncio's sleeps on a busy 2-core machine land within ~5 ms
(FINDINGS.md, I/O concurrency), but a heavily loaded machine can stall a
process for ~100 ms.  Overlap is read from recorded intervals, not wall time.
"""
import asyncio

import pytest

from conclab import aio
from conclab.timeline import max_concurrency, render

LIMIT = 2.0   # s: hard timeout for one call of the student's coroutine (the longest test needs ~0.8 s)


async def reference_worker(delay, outcome):
    await asyncio.sleep(delay)
    if isinstance(outcome, BaseException):
        raise outcome
    return outcome


def show(item):
    if isinstance(item, BaseException):
        return f"{type(item).__name__}({str(item)!r})" if str(item) else f"{type(item).__name__}()"
    return repr(item)


def show_list(items):
    if not isinstance(items, list):
        return repr(items)
    return "[" + ", ".join(show(i) for i in items) + "]"


def call(exercise, monkeypatch, jobs, deadline):
    """Run run_with_deadline(jobs, deadline) with the recording worker."""
    recorder = aio.TaskRecorder()
    labels = {id(o): f"job {i + 1}" for i, (_, o) in enumerate(jobs)}
    monkeypatch.setattr(exercise.module, "worker", recorder.wrap(
        reference_worker, label=lambda d, o: f"{labels.get(id(o), 'job ?')} ({d * 1000:.0f} ms)"))
    out = aio.run(exercise.run_with_deadline, jobs, deadline, timeout=LIMIT)
    return out, recorder


def returned_list(out, jobs, deadline):
    """The student's result, or a failure that says what went wrong."""
    what = f"run_with_deadline({len(jobs)} jobs, deadline={deadline:g})"
    if out.timed_out:
        pytest.fail(f"{what} did not return within {LIMIT:g} s", pytrace=False)
    if isinstance(out.error, NotImplementedError):
        raise out.error
    if isinstance(out.error, asyncio.TimeoutError):
        pytest.fail(f"{what} raised TimeoutError after {out.elapsed:.2f} s: at the deadline it "
                    f"must return the results it has, with the unfinished jobs cancelled "
                    f"(wait_for around everything loses all the results)", pytrace=False)
    if out.error is not None:
        pytest.fail(f"{what} raised {show(out.error)} after {out.elapsed:.2f} s instead of "
                    f"returning it as a list item: gather(..., return_exceptions=True) "
                    f"returns exceptions (and cancellations) instead of raising them",
                    pytrace=False)
    if not isinstance(out.value, list) or len(out.value) != len(jobs):
        pytest.fail(f"{what} returned {show_list(out.value)}; expected a list with one item "
                    f"per job", pytrace=False)
    return out.value


def check_items(got, expected, what, elapsed, recorder):
    """``expected`` items: a value, an exception class, or asyncio.CancelledError."""
    for i, (item, want) in enumerate(zip(got, expected)):
        if isinstance(want, type):
            ok = isinstance(item, want)
            text = f"{want.__name__} (an instance)"
        else:
            ok = not isinstance(item, BaseException) and item == want
            text = repr(want)
        if not ok:
            hint = ""
            if want is asyncio.CancelledError and item is asyncio.CancelledError:
                hint = " (the class itself, not an instance such as gather returns)"
            elif want is asyncio.CancelledError and isinstance(item, asyncio.TimeoutError):
                hint = (": a job still running at the deadline must be cancelled; "
                        "wait_for gives TimeoutError instead")
            elif want is asyncio.CancelledError:
                hint = ": it was still running at the deadline, so it must be cancelled"
            elif not isinstance(want, type):
                hint = ": it finished before the deadline; its result must be kept, in job order"
            pytest.fail(f"{what} returned {show_list(got)} after {elapsed:.2f} s: item {i} is "
                        f"{show(item)}, expected {text}{hint}.\n{render(recorder.intervals())}",
                        pytrace=False)


@pytest.mark.points(1)
@pytest.mark.timeout(5)
def test_worker_returns_value(exercise):
    out = aio.run(exercise.worker, 0.03, "done", timeout=LIMIT)
    value = out.result()
    assert value == "done", f"worker(0.03, 'done') returned {value!r}, expected 'done'"
    assert out.elapsed >= 0.025, (f"worker(0.03, 'done') returned after {out.elapsed * 1000:.0f} "
                                  f"ms; it must sleep 30 ms first")


@pytest.mark.points(1)
@pytest.mark.timeout(5)
def test_worker_raises_exception(exercise):
    error = ZeroDivisionError("division by zero")
    out = aio.run(exercise.worker, 0.01, error, timeout=LIMIT)
    if isinstance(out.error, NotImplementedError) or out.timed_out:
        out.result()
    assert out.error is error, (
        f"worker(0.01, ZeroDivisionError('division by zero')) "
        + (f"returned {show(out.value)}" if out.error is None else f"raised {show(out.error)}")
        + ": an exception instance as outcome must be raised (`raise outcome`), not returned")


@pytest.mark.points(1)
@pytest.mark.timeout(5)
@pytest.mark.timing
def test_worker_sleeps_without_blocking(exercise):
    # Overlap, not wall time: a worker that blocks the loop (time.sleep) runs
    # the three one after another, however busy the machine is.
    recorder = aio.TaskRecorder()
    timed = recorder.wrap(exercise.worker, label=lambda d, o: f"worker({d}, {o})")

    async def three_workers():
        return await asyncio.gather(*(timed(0.1, i) for i in range(3)))
    out = aio.run(three_workers, timeout=LIMIT)
    assert out.result() == [0, 1, 2]
    at_once = max_concurrency(recorder.intervals())
    assert at_once == 3, (
        f"3 workers of 0.1 s, gathered, ran {at_once} at a time and took {out.elapsed:.2f} s "
        f"(expected all at once, about 0.10 s):\n{render(recorder.intervals())}\n"
        f"worker blocks the event loop while it sleeps; use `await asyncio.sleep(delay)`, "
        f"not time.sleep")


@pytest.mark.points(2)
@pytest.mark.timeout(5)
@pytest.mark.timing
def test_seed_scenario(exercise, monkeypatch):
    # The seed's 1 s / 2 s / 3 s and 2 s deadline, scaled; job 2 ends well
    # before the deadline, job 3 well after it.
    jobs = [(0.02, 1), (0.08, ZeroDivisionError("division by zero")), (0.6, 3)]
    deadline = 0.2
    out, recorder = call(exercise, monkeypatch, jobs, deadline)
    got = returned_list(out, jobs, deadline)
    check_items(got, [1, ZeroDivisionError, asyncio.CancelledError],
                "run_with_deadline([(0.02, 1), (0.08, ZeroDivisionError), (0.6, 3)], 0.2)",
                out.elapsed, recorder)
    assert deadline - 0.01 <= out.elapsed <= deadline + 0.3, (
        f"run_with_deadline returned after {out.elapsed:.2f} s; with job 3 still running it "
        f"should return at the deadline, {deadline:.2f} s.\n{render(recorder.intervals())}")


@pytest.mark.points(2)
@pytest.mark.timeout(5)
def test_no_task_left_running(exercise, monkeypatch):
    jobs = [(0.02, 1), (0.08, ZeroDivisionError("division by zero")), (0.6, 3)]
    out, recorder = call(exercise, monkeypatch, jobs, 0.2)
    returned_list(out, jobs, 0.2)
    jobs_tasks = {c.task: c.label for c in recorder.calls}
    if out.left_running:
        lines = []
        for task in out.left_running:
            what = jobs_tasks.get(task) or (f"a task you created ({task.get_name()}, running "
                                            f"{getattr(task.get_coro(), '__qualname__', '?')})")
            if task in out.left_cancelling:
                lines.append(f"{what}: cancel() was called, but the task had not ended yet")
            else:
                lines.append(f"{what}: never cancelled")
        pytest.fail("when run_with_deadline returned, these tasks were still running: "
                    + "; ".join(lines) + ". Cancel every task still running at the deadline and "
                    "await it (e.g. gather the tasks) before returning: cancel() only asks",
                    pytrace=False)
    # Job 3 may never have started if the machine stalled; it must not have finished.
    late = [c for c in recorder.calls if c.label.startswith("job 3")]
    assert not late or late[0].how == "cancelled", (
        f"job 3 (0.6 s) ran past the 0.2 s deadline without being cancelled (it {late[0].how})")


@pytest.mark.points(1)
@pytest.mark.timeout(5)
@pytest.mark.timing
def test_returns_when_all_jobs_finish(exercise, monkeypatch):
    jobs = [(0.02, "a"), (0.05, "b")]
    out, recorder = call(exercise, monkeypatch, jobs, 0.8)
    got = returned_list(out, jobs, 0.8)
    check_items(got, ["a", "b"], "run_with_deadline([(0.02, 'a'), (0.05, 'b')], 0.8)",
                out.elapsed, recorder)
    assert out.elapsed < 0.3, (
        f"both jobs were done after 0.05 s, but run_with_deadline returned after "
        f"{out.elapsed:.2f} s (deadline 0.8 s): return as soon as every job is done, do not "
        f"sleep until the deadline")


@pytest.mark.points(2)
@pytest.mark.timeout(5)
@pytest.mark.timing
def test_jobs_run_concurrently(exercise, monkeypatch):
    jobs = [(0.1, i) for i in range(4)]
    out, recorder = call(exercise, monkeypatch, jobs, 1.0)
    got = returned_list(out, jobs, 1.0)
    check_items(got, [0, 1, 2, 3], "run_with_deadline(4 jobs of 0.1 s, 1.0)", out.elapsed, recorder)
    at_once = max_concurrency(recorder.intervals())
    assert at_once == len(jobs), (
        f"your {len(jobs)} jobs of 0.1 s ran {at_once} at a time and took {out.elapsed:.2f} s, "
        f"expected all at once in about 0.10 s:\n{render(recorder.intervals())}\n"
        f"Create a task for every job first (asyncio.create_task), then wait for them together")


@pytest.mark.points(1)
@pytest.mark.timeout(5)
def test_exceptions_do_not_stop_the_others(exercise, monkeypatch):
    jobs = [(0.02, ValueError("bad job")), (0.12, "late")]
    out, recorder = call(exercise, monkeypatch, jobs, 0.8)
    got = returned_list(out, jobs, 0.8)
    check_items(got, [ValueError, "late"],
                "run_with_deadline([(0.02, ValueError), (0.12, 'late')], 0.8)", out.elapsed, recorder)


@pytest.mark.points(1)
@pytest.mark.timeout(5)
def test_deadline_counts_from_the_start(exercise, monkeypatch):
    # Job 1 ends at 0.2 s; job 2 would end at 0.4 s but the deadline is 0.3 s.
    # A deadline restarted per job (wait_for on each task in turn) lets it finish.
    jobs = [(0.2, "a"), (0.4, "b")]
    out, recorder = call(exercise, monkeypatch, jobs, 0.3)
    got = returned_list(out, jobs, 0.3)
    check_items(got, ["a", asyncio.CancelledError],
                "run_with_deadline([(0.2, 'a'), (0.4, 'b')], 0.3)", out.elapsed, recorder)


@pytest.mark.points(1)
@pytest.mark.timeout(5)
def test_results_in_job_order(exercise, monkeypatch):
    jobs = [(0.15, "a"), (0.1, "b"), (0.05, "c")]
    out, recorder = call(exercise, monkeypatch, jobs, 0.8)
    got = returned_list(out, jobs, 0.8)
    assert got == ["a", "b", "c"], (
        f"jobs finishing in reverse order came back as {show_list(got)}; expected "
        f"['a', 'b', 'c'], in the order of the jobs, not the order they finished")


@pytest.mark.points(1)
@pytest.mark.timeout(5)
def test_no_jobs(exercise, monkeypatch):
    out, _ = call(exercise, monkeypatch, [], 0.3)
    got = returned_list(out, [], 0.3)
    assert got == [], f"run_with_deadline([], 0.3) returned {got!r}, expected []"

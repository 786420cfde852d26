"""Unit tests for conclab.aio: fresh loops, hard timeouts, leftover tasks."""
import asyncio

import pytest

from conclab import aio
from conclab.interleave import StillRunning
from conclab.timeline import max_concurrency


async def sleepy(delay, value):
    await asyncio.sleep(delay)
    return value


def test_value_error_and_elapsed():
    out = aio.run(sleepy, 0.02, "v")
    assert out.result() == "v" and out.elapsed >= 0.015 and not out.left_running

    async def boom():
        raise ValueError("x")
    with pytest.raises(ValueError):
        aio.run(boom).result()


def test_not_async_is_reported():
    out = aio.run(lambda: [1])
    assert isinstance(out.error, TypeError) and "async def" in str(out.error)


def test_hard_timeout_cancels_a_coroutine_that_never_returns():
    out = aio.run(asyncio.sleep, 100, timeout=0.1)
    assert out.timed_out
    with pytest.raises(StillRunning):
        out.result()


def test_left_running_is_seen_at_return_and_cleaned_up():
    holder = {}

    async def leaky():
        holder["t"] = asyncio.create_task(asyncio.sleep(100))
        cancelled = asyncio.create_task(asyncio.sleep(100))
        await asyncio.sleep(0)
        cancelled.cancel()                 # asked, never awaited
        holder["c"] = cancelled
        return "done"
    out = aio.run(leaky)
    assert out.result() == "done"
    assert set(out.left_running) == {holder["t"], holder["c"]}
    assert out.left_cancelling == [holder["c"]]
    assert holder["t"].cancelled() and not out.stuck


def test_a_task_that_swallows_cancellation_is_reported_stuck():
    async def stubborn():
        while True:
            try:
                await asyncio.sleep(100)
            except asyncio.CancelledError:
                pass

    async def main():
        asyncio.create_task(stubborn())
        await asyncio.sleep(0)
    out = aio.run(main, grace=0.2)
    assert len(out.left_running) == 1 and len(out.stuck) == 1


def test_cancelled_error_raised_by_the_coroutine_is_an_error():
    async def raises_cancelled():
        raise asyncio.CancelledError()
    out = aio.run(raises_cancelled)
    assert isinstance(out.error, asyncio.CancelledError) and not out.timed_out


def test_task_recorder_records_tasks_and_outcomes():
    rec = aio.TaskRecorder()
    work = rec.wrap(sleepy, label=lambda d, v: f"job {v}")

    async def main():
        t = asyncio.create_task(work(10, "slow"))
        got = await asyncio.gather(work(0.05, "a"), work(0.05, "b"))
        t.cancel()
        await asyncio.gather(t, return_exceptions=True)
        return got
    out = aio.run(main)
    assert out.result() == ["a", "b"]
    hows = {c.label: c.how for c in rec.calls}
    assert hows == {"job slow": "cancelled", "job a": "returned", "job b": "returned"}
    assert len({c.task for c in rec.calls}) == 3
    assert max_concurrency(rec.intervals()) == 3


def test_cancel_requested():
    async def main():
        t = asyncio.create_task(asyncio.sleep(10))
        await asyncio.sleep(0)
        before = aio.cancel_requested(t)
        t.cancel()
        after = aio.cancel_requested(t)
        await asyncio.gather(t, return_exceptions=True)
        return before, after, aio.cancel_requested(t)
    assert aio.run(main).result() == (False, True, False)


def test_unretrieved_task_exceptions_are_collected_not_logged(caplog):
    import gc

    async def boom():
        raise ValueError("nobody looks at me")

    async def fire_and_forget():
        asyncio.create_task(boom())
        await asyncio.sleep(0.01)

    out = aio.run(fire_and_forget, timeout=1)
    gc.collect()
    assert [type(c.get("exception")) for c in out.loop_errors] == [ValueError]
    assert "never retrieved" not in caplog.text

"""Unit tests for conclab.loopwatch: a blocked event loop is reported, with the line."""
import asyncio
import threading
import time

import pytest

from conclab import loopwatch


async def sleepy(delay, value):
    await asyncio.sleep(delay)
    return value


def test_a_loop_that_turns_returns_the_outcome():
    out = loopwatch.run(sleepy, 0.6, "v", blocked_after=0.3)   # longer than blocked_after
    assert out.result() == "v" and not out.left_running


def test_not_async_is_reported():
    out = loopwatch.run(lambda: [1])
    assert isinstance(out.error, TypeError) and "async def" in str(out.error)


def test_time_sleep_in_a_coroutine_is_reported_with_its_line():
    async def blocks():
        time.sleep(0.6)                      # the line to name

    start = time.monotonic()
    with pytest.raises(loopwatch.LoopBlocked) as info:
        loopwatch.run(blocks, blocked_after=0.2, path=__file__, what="blocks()")
    assert time.monotonic() - start < 0.5
    assert info.value.where is not None and info.value.where.function == "blocks"
    assert "time.sleep(0.6)" in str(info.value) and "blocks()" in str(info.value)


def test_threading_lock_held_across_await_is_a_blocked_loop():
    lock = threading.Lock()

    async def take():
        with lock:
            await asyncio.sleep(0.01)

    async def two():
        await asyncio.gather(take(), take())

    with pytest.raises(loopwatch.LoopBlocked) as info:
        loopwatch.run(two, blocked_after=0.2, path=__file__)
    assert "with lock:" in str(info.value)
    lock.release()                           # let the abandoned loop thread finish


def test_an_await_that_never_ends_times_out_without_blocking():
    out = loopwatch.run(asyncio.sleep, 100, timeout=0.2, blocked_after=0.5)
    assert out.timed_out

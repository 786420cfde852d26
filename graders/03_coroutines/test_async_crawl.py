"""Hidden grader for async_crawl.

``crawl_page`` is graded on its own, with the module's ``UNIT`` changed (a
hard-coded delay shows) and three calls gathered: a crawl that blocks the
loop (``time.sleep``) makes them run one after another.

``crawl_sequential`` and ``crawl_concurrent`` are graded with the student's
``crawl_page`` replaced by the grader's (so one bug costs once), wrapped in
``conclab.aio.TaskRecorder``: every call records the task that ran it and
when it started and ended.  Each coroutine runs in a fresh event loop with a
hard timeout, and the tasks still pending when it returned are reported, then
cancelled (``conclab.aio.run``).

What is observed, first: how many crawls were running at once
(``timeline.max_concurrency``) and in how many distinct tasks; the results
and their order; pending tasks.  All crawls created as tasks before the first
await start in the same loop iteration, before any can end, so the overlap
does not depend on the machine's load.  Wall time comes second, in one
``timing`` test: 1 + 2 + 3 + 4 units of 50 ms, about 0.5 s one by one and
0.2 s together, with >= 0.2 s of margin for a stalled machine.
"""
import asyncio
import inspect

import pytest

from conclab import aio
from conclab.timeline import max_concurrency, render

LIMIT = 2.0      # s: hard timeout for one call of the student's coroutine
UNIT = 0.02      # s per url unit for the grader's crawl_page (the module's is 0.01)


def units(url):
    return int(url.split("_")[-1])


def recorded_crawl(exercise, monkeypatch, name, urls, unit=UNIT):
    """Run ``<name>(urls)`` with the grader's crawl_page; (Outcome, TaskRecorder)."""
    recorder = aio.TaskRecorder()

    async def crawl_page(url):
        await asyncio.sleep(units(url) * unit)
        return f"OK {url}"

    monkeypatch.setattr(exercise.module, "crawl_page",
                        recorder.wrap(crawl_page, label=lambda url: url))
    out = aio.run(getattr(exercise, name), urls, timeout=LIMIT)
    return out, recorder


def returned_list(out, name, urls):
    """The list the student's coroutine returned, or a failure that teaches."""
    what = f"{name}({urls!r})"
    if out.timed_out:
        pytest.fail(f"{what} did not return within {LIMIT:g} s", pytrace=False)
    error = out.error
    if isinstance(error, NotImplementedError):
        raise error
    if isinstance(error, RuntimeError) and "running event loop" in str(error):
        pytest.fail(f"{what} raised RuntimeError: {error}. asyncio.run() starts a new event loop; "
                    f"inside a coroutine a loop is already running (as in Jupyter). Inside "
                    f"`async def`, `await` the coroutine instead; asyncio.run belongs only at "
                    f"the top of a script", pytrace=False)
    if isinstance(error, asyncio.InvalidStateError):
        pytest.fail(f"{what} raised InvalidStateError ({error}): it asked a task for its result "
                    f"before the task had finished. Await the tasks first "
                    f"(`await asyncio.gather(*tasks)`)", pytrace=False)
    if error is not None:
        pytest.fail(f"{what} raised {type(error).__name__}: {error}", pytrace=False)
    value = out.value
    if inspect.isawaitable(value):
        pytest.fail(f"{what} returned {type(value).__name__} object, not a list: something was "
                    f"never awaited. `asyncio.gather(*tasks)` only builds a future; "
                    f"`await asyncio.gather(*tasks)` gives the list", pytrace=False)
    if not isinstance(value, list) or len(value) != len(urls):
        pytest.fail(f"{what} returned {value!r}; expected a list with one result per url",
                    pytrace=False)
    return value


def describe(task):
    coro = task.get_coro()
    return f"{task.get_name()} running {getattr(coro, '__name__', type(coro).__name__)}"


def expected(urls):
    return [f"OK {url}" for url in urls]


# ---------------------------------------------------------------- crawl_page

@pytest.mark.points(1)
@pytest.mark.timeout(5)
def test_crawl_page_returns_ok(exercise):
    out = aio.run(exercise.crawl_page, "url_2", timeout=LIMIT)
    value = out.result()
    assert value == "OK url_2", f"crawl_page('url_2') returned {value!r}, expected 'OK url_2'"


@pytest.mark.points(1)
@pytest.mark.timeout(5)
def test_crawl_page_sleeps_its_units(exercise, monkeypatch):
    # A lower bound only (a sleep never ends early), with UNIT changed so that
    # a delay written as a number instead of `units * UNIT` shows.
    monkeypatch.setattr(exercise.module, "UNIT", 0.03)
    out = aio.run(exercise.crawl_page, "page_3", timeout=LIMIT)
    value = out.result()
    assert value == "OK page_3", f"crawl_page('page_3') returned {value!r}, expected 'OK page_3'"
    assert out.elapsed >= 0.085, (
        f"with UNIT = 0.03, crawl_page('page_3') returned after {out.elapsed * 1000:.0f} ms; "
        f"it must sleep 3 * UNIT = 90 ms: the number after the last '_' times the module's "
        f"UNIT, read when called")


@pytest.mark.points(2)
@pytest.mark.timeout(5)
def test_crawl_page_does_not_block_the_loop(exercise):
    recorder = aio.TaskRecorder()
    timed = recorder.wrap(exercise.crawl_page, label=lambda url: f"crawl_page({url!r})")

    async def three_crawls():
        return await asyncio.gather(*(timed(url) for url in ["url_5", "url_5", "url_5"]))
    out = aio.run(three_crawls, timeout=LIMIT)
    assert out.result() == ["OK url_5"] * 3
    at_once = max_concurrency(recorder.intervals())
    assert at_once == 3, (
        f"3 crawl_page('url_5') gathered ran {at_once} at a time and took "
        f"{out.elapsed * 1000:.0f} ms (expected all at once, about 50 ms):\n"
        f"{render(recorder.intervals())}\n"
        f"crawl_page blocks the event loop while it waits: inside `async def` use "
        f"`await asyncio.sleep(...)`, never time.sleep")


# ---------------------------------------------------------- crawl_sequential

@pytest.mark.points(1)
@pytest.mark.timeout(5)
def test_sequential_results_in_order(exercise, monkeypatch):
    urls = ["url_3", "url_1", "url_2"]
    out, _ = recorded_crawl(exercise, monkeypatch, "crawl_sequential", urls)
    got = returned_list(out, "crawl_sequential", urls)
    assert got == expected(urls), (
        f"crawl_sequential({urls!r}) returned {got!r}, expected {expected(urls)!r}")


@pytest.mark.points(2)
@pytest.mark.timeout(5)
def test_sequential_awaits_one_by_one(exercise, monkeypatch):
    urls = ["url_2", "url_1", "url_3"]
    out, recorder = recorded_crawl(exercise, monkeypatch, "crawl_sequential", urls)
    returned_list(out, "crawl_sequential", urls)
    calls = recorder.calls
    started = [c.label for c in sorted(calls, key=lambda c: c.start)]
    at_once = max_concurrency(recorder.intervals())
    assert at_once == 1 and started == urls, (
        f"crawl_sequential({urls!r}) started crawls in the order {started} with up to "
        f"{at_once} running at once:\n{render(recorder.intervals())}\n"
        f"This one is the seed's slow version, kept to compare with: await each crawl in "
        f"turn (`await crawl_page(url)` in a for loop), one after another, in url order")


# ---------------------------------------------------------- crawl_concurrent

@pytest.mark.points(2)
@pytest.mark.timeout(5)
def test_concurrent_results_in_url_order(exercise, monkeypatch):
    # Finishing order 1, 2, 3, 4 differs from the url order.
    urls = ["url_4", "url_1", "url_3", "url_2"]
    out, recorder = recorded_crawl(exercise, monkeypatch, "crawl_concurrent", urls)
    got = returned_list(out, "crawl_concurrent", urls)
    if got != expected(urls):
        hint = ""
        if sorted(got) == sorted(expected(urls)):
            hint = (" The results came back in another order (the order the crawls finished?): "
                    "gather returns them in the order of its arguments")
        pytest.fail(f"crawl_concurrent({urls!r}) returned {got!r}, expected "
                    f"{expected(urls)!r}.{hint}", pytrace=False)


@pytest.mark.points(3)
@pytest.mark.timeout(5)
def test_concurrent_crawls_overlap_in_tasks(exercise, monkeypatch):
    urls = ["url_1", "url_2", "url_3", "url_4"]
    out, recorder = recorded_crawl(exercise, monkeypatch, "crawl_concurrent", urls)
    returned_list(out, "crawl_concurrent", urls)
    calls = recorder.calls
    tasks = {id(c.task) for c in calls}
    at_once = max_concurrency(recorder.intervals())
    picture = render(recorder.intervals())
    if len(calls) == len(urls) and len(tasks) == 1:
        pytest.fail(f"all {len(urls)} crawls ran inside one task, one after another "
                    f"({out.elapsed * 1000:.0f} ms):\n{picture}\n"
                    f"`await crawl_page(url)` runs the crawl to its end before the next line, "
                    f"like a normal call. Start each crawl as a task "
                    f"(`asyncio.create_task(crawl_page(url))`), then await them together",
                    pytrace=False)
    if at_once != len(urls):
        pytest.fail(f"your {len(urls)} crawls ran at most {at_once} at a time in "
                    f"{len(tasks)} tasks ({out.elapsed * 1000:.0f} ms), expected all at once:\n"
                    f"{picture}\nCreate every task first, then await them together "
                    f"(`await asyncio.gather(*tasks)`); awaiting each task right after creating "
                    f"it starts the next crawl only when the previous one is done",
                    pytrace=False)
    assert len(tasks) == len(urls), (
        f"{len(urls)} crawls ran in {len(tasks)} tasks; expected one task per url")


@pytest.mark.points(2)
@pytest.mark.timeout(5)
def test_no_task_left_pending(exercise, monkeypatch):
    urls = ["url_3", "url_1", "url_2"]
    out, recorder = recorded_crawl(exercise, monkeypatch, "crawl_concurrent", urls)
    if out.timed_out or isinstance(out.error, NotImplementedError):
        returned_list(out, "crawl_concurrent", urls)
    if out.left_running:
        names = sorted(describe(task) for task in out.left_running)
        pytest.fail(f"when crawl_concurrent returned, {len(out.left_running)} task(s) it had "
                    f"started were still pending: {'; '.join(names)}. Await every task you "
                    f"create (`await asyncio.gather(*tasks)`) before returning; a task nobody "
                    f"awaits is cancelled when the loop ends and its result is lost",
                    pytrace=False)
    returned_list(out, "crawl_concurrent", urls)
    unfinished = [c.label for c in recorder.calls if c.how != "returned"]
    assert not unfinished, f"the crawls of {unfinished} had not finished when it returned"


@pytest.mark.points(1)
@pytest.mark.timeout(5)
def test_no_urls(exercise, monkeypatch):
    for name in ("crawl_sequential", "crawl_concurrent"):
        out, _ = recorded_crawl(exercise, monkeypatch, name, [])
        got = returned_list(out, name, [])
        assert got == [], f"{name}([]) returned {got!r}, expected []"


@pytest.mark.points(1)
@pytest.mark.timeout(8)
@pytest.mark.timing
def test_concurrent_takes_the_longest_not_the_sum(exercise, monkeypatch):
    urls = ["url_1", "url_2", "url_3", "url_4"]
    unit = 0.05
    longest, total = 4 * unit, 10 * unit
    seq, seq_rec = recorded_crawl(exercise, monkeypatch, "crawl_sequential", urls, unit=unit)
    returned_list(seq, "crawl_sequential", urls)
    con, con_rec = recorded_crawl(exercise, monkeypatch, "crawl_concurrent", urls, unit=unit)
    returned_list(con, "crawl_concurrent", urls)
    assert seq.elapsed >= total - 0.01, (
        f"crawl_sequential took {seq.elapsed:.2f} s for crawls of 0.05 + 0.10 + 0.15 + 0.20 s; "
        f"one after another they cannot take less than {total:.2f} s:\n"
        f"{render(seq_rec.intervals())}")
    bound = longest + 0.22
    assert con.elapsed <= bound, (
        f"crawl_concurrent took {con.elapsed:.2f} s for crawls of 0.05 + 0.10 + 0.15 + 0.20 s "
        f"(crawl_sequential: {seq.elapsed:.2f} s); together they should take about the longest "
        f"one, {longest:.2f} s (allowed: {bound:.2f} s):\n{render(con_rec.intervals())}")

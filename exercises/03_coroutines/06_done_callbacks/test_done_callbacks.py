"""Visible tests for done_callbacks: run `pytest exercises/03_coroutines/06_done_callbacks`.

The seed's url_1 .. url_4 (10 ms units), given out of order, and one crawl
that fails.  The hidden grader checks more: cancelled crawls, where the
reports run (done callbacks, on the loop's thread) and that nothing is left
pending.
"""
import asyncio


def test_outcome_of(exercise):
    async def refused():
        raise ConnectionError("url_2: connection refused")

    async def finished():
        ok = asyncio.create_task(asyncio.sleep(0, result="OK url_1"))
        failed = asyncio.create_task(refused())
        cancelled = asyncio.create_task(asyncio.sleep(1))
        await asyncio.sleep(0)
        cancelled.cancel()
        await asyncio.wait([ok, failed, cancelled])
        failed.exception()   # retrieved here: no "Task exception was never retrieved" later
        return ok, failed, cancelled
    ok, failed, cancelled = asyncio.run(finished())
    assert exercise.outcome_of(ok) == "OK url_1"
    assert isinstance(exercise.outcome_of(failed), ConnectionError), (
        "a failed task's outcome is the exception it raised")
    assert isinstance(exercise.outcome_of(cancelled), asyncio.CancelledError), (
        "a cancelled task's outcome is an asyncio.CancelledError instance")


def test_reports_in_completion_order(exercise):
    reports = []
    outcomes = asyncio.run(exercise.crawl_with_callbacks(
        ["url_4", "url_1", "url_3", "url_2"], lambda url, outcome: reports.append((url, outcome))))
    assert reports == [("url_1", "OK url_1"), ("url_2", "OK url_2"), ("url_3", "OK url_3"),
                       ("url_4", "OK url_4")], f"reports came in this order: {reports}"
    assert outcomes == ["OK url_4", "OK url_1", "OK url_3", "OK url_2"], (
        f"returned {outcomes}: the outcomes must be in url order")


def test_a_failed_crawl_is_reported(exercise, monkeypatch):
    crawl_page = exercise.crawl_page

    async def flaky(url):
        if url.startswith("bad"):
            await asyncio.sleep(0.01)
            raise ConnectionError(url)
        return await crawl_page(url)
    monkeypatch.setattr(exercise.module, "crawl_page", flaky)
    reports = []
    outcomes = asyncio.run(exercise.crawl_with_callbacks(
        ["url_3", "bad_1"], lambda url, outcome: reports.append((url, outcome))))
    assert [url for url, _ in reports] == ["bad_1", "url_3"], f"reports: {reports}"
    assert isinstance(reports[0][1], ConnectionError), (
        f"bad_1 was reported with {reports[0][1]!r}, expected the ConnectionError it raised")
    assert outcomes[0] == "OK url_3" and isinstance(outcomes[1], ConnectionError)

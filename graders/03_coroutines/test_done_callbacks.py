"""Hidden grader for done_callbacks.

``outcome_of`` is graded on its own, with finished futures: a result, an
exception, a cancellation.

``crawl_with_callbacks`` is graded with the module's ``crawl_page`` replaced
by the grader's, whose crawls take different times (so the order they finish
in differs from the url order), and some of which raise or are cancelled;
the grader's ``crawl_page`` writes down the moment each crawl ends.  The
student's ``outcome_of`` is replaced by the reference one (one bug costs
once).  The ``report`` function the grader passes records, for every call:
the url and outcome, the thread, and the task it ran in (a done callback
runs on the loop's thread outside any task; a report made by a coroutine
after an ``await`` runs inside a task).  The event loop's exception handler
is replaced too, so an exception raised inside a callback (which asyncio
only logs) is seen and explained.  When the student's coroutine returns, the
grader counts the reports made so far and the tasks still pending
(``conclab.aio.run``, which then cancels them and closes the loop).

Nothing here is a wall-clock bound: orders come from the event loop's timer
heap (a timer due earlier always fires first, however late the loop runs) and
are compared with the order the grader itself observed.
"""
import asyncio
import inspect
import threading
from dataclasses import dataclass, field

import pytest

from conclab import aio

LIMIT = 2.0     # s: hard timeout for one call of the student's coroutine
UNIT = 0.01     # s per delay unit of the grader's crawls


def reference_outcome_of(task):
    if task.cancelled():
        return asyncio.CancelledError()
    if task.exception() is not None:
        return task.exception()
    return task.result()


@dataclass
class Report:
    url: object
    outcome: object
    thread: int
    task: object          # asyncio.current_task() during the report; None in a callback
    finished_before: int  # how many crawls had ended when it was made


@dataclass
class Run:
    """What one call of crawl_with_callbacks did, as the grader saw it."""
    plan: dict                                   # url -> (units, kind)
    errors: dict = field(default_factory=dict)   # url -> the exception its crawl raised
    finished: list = field(default_factory=list)  # urls, in the order their crawls ended
    reports: list = field(default_factory=list)
    logged: list = field(default_factory=list)    # contexts given to the loop's exception handler
    loop_thread: int = 0
    reports_at_return: int | None = None
    out: aio.Outcome | None = None

    def report(self, url, outcome):
        try:
            task = asyncio.current_task()
        except RuntimeError:  # no running loop in this thread
            task = "no event loop in this thread"
        self.reports.append(Report(url, outcome, threading.get_ident(), task,
                                   len(self.finished)))

    async def crawl_page(self, url):
        units, kind = self.plan[url]
        try:
            await asyncio.sleep(units * UNIT)
            if kind == "fail":
                raise self.errors[url]
            if kind == "cancel":
                # As if some other part of the program had cancelled this crawl.
                raise asyncio.CancelledError()
            return f"OK {url}"
        finally:
            self.finished.append(url)

    def expected(self, url):
        kind = self.plan[url][1]
        if kind == "fail":
            return self.errors[url]
        if kind == "cancel":
            return asyncio.CancelledError
        return f"OK {url}"


def run_crawl(exercise, monkeypatch, plan):
    """crawl_with_callbacks(list(plan), report) with the grader's crawl_page."""
    run = Run(dict(plan))
    run.errors = {url: ConnectionError(f"{url}: connection refused")
                  for url, (_, kind) in plan.items() if kind == "fail"}
    monkeypatch.setattr(exercise.module, "crawl_page", run.crawl_page)
    monkeypatch.setattr(exercise.module, "outcome_of", reference_outcome_of)
    student = exercise.crawl_with_callbacks

    async def crawl_with_callbacks(urls, report):
        loop = asyncio.get_running_loop()
        loop.set_exception_handler(lambda _loop, context: run.logged.append(context))
        run.loop_thread = threading.get_ident()
        awaitable = student(urls, report)
        if not inspect.isawaitable(awaitable):
            raise TypeError(f"crawl_with_callbacks() returned {type(awaitable).__name__}, not a "
                            f"coroutine: define it with `async def`")
        try:
            return await awaitable
        finally:
            run.reports_at_return = len(run.reports)

    run.out = aio.run(crawl_with_callbacks, list(plan), run.report, timeout=LIMIT)
    return run


def show(item):
    if isinstance(item, type) and issubclass(item, BaseException):
        return f"{item.__name__}()"
    if isinstance(item, BaseException):
        return f"{type(item).__name__}({str(item)!r})" if str(item) else f"{type(item).__name__}()"
    return repr(item)


def matches(outcome, want):
    if isinstance(want, type):
        return isinstance(outcome, want)
    if isinstance(want, BaseException):
        return outcome is want
    return not isinstance(outcome, BaseException) and outcome == want


def returned_list(run):
    """The student's return value, or a failure that says what went wrong."""
    out, urls = run.out, list(run.plan)
    what = f"crawl_with_callbacks({urls!r}, report)"
    if out.timed_out:
        pytest.fail(f"{what} did not return within {LIMIT:g} s", pytrace=False)
    if isinstance(out.error, NotImplementedError):
        raise out.error
    if out.error is not None:
        hint = ""
        if isinstance(out.error, ConnectionError) or isinstance(out.error, asyncio.CancelledError):
            hint = (": one crawl's exception escaped and the others' outcomes were lost. "
                    "`gather(*tasks, return_exceptions=True)` returns exceptions (and "
                    "cancellations) as items instead")
        pytest.fail(f"{what} raised {show(out.error)}{hint}", pytrace=False)
    if inspect.isawaitable(out.value):
        pytest.fail(f"{what} returned {type(out.value).__name__} object, not a list: something "
                    f"was never awaited (`await asyncio.gather(...)`)", pytrace=False)
    if not isinstance(out.value, list) or len(out.value) != len(urls):
        pytest.fail(f"{what} returned {out.value!r}; expected a list with one outcome per url",
                    pytrace=False)
    return out.value


def callback_errors(run):
    """The exceptions raised inside callbacks (which asyncio only logs), shown."""
    return [show(context["exception"]) for context in run.logged
            if context.get("exception") is not None
            and "callback" in str(context.get("message", "")).lower()]


def late_binding_hint(run):
    urls = [r.url for r in run.reports]
    if len(urls) > 1 and len(set(urls)) == 1:
        return (f" Every report named {urls[0]!r}, the last url of the loop: a lambda (or "
                f"nested def) in a loop reads the loop variable when it is called, after the "
                f"loop has ended. Bind the url now: `functools.partial(cb, url)`, a default "
                f"argument `lambda t, url=url: ...`, or a function that makes the callback")
    return ""


def lost_in_callbacks_hint(run):
    raised = callback_errors(run)
    if not raised:
        return ""
    return (f" Inside done callbacks, {', '.join(raised)} were raised: the event loop caught "
            f"them and only logged them ('Exception in callback ...'), so those reports were "
            f"lost. task.result() raises for a failed or cancelled task; use outcome_of(task)")


def reported_pairs(run):
    return ", ".join(f"{r.url}: {show(r.outcome)}" for r in run.reports) or "(nothing)"


# ------------------------------------------------------------------ outcome_of

def finished_futures():
    """A result, an exception and a cancellation, as done futures."""
    loop = asyncio.new_event_loop()
    try:
        done = loop.create_future()
        done.set_result("OK url_1")
        error = ConnectionError("url_2: connection refused")
        failed = loop.create_future()
        failed.set_exception(error)
        cancelled = loop.create_future()
        cancelled.cancel()
        return done, failed, error, cancelled
    finally:
        loop.close()


@pytest.mark.points(1)
@pytest.mark.timeout(5)
def test_outcome_of_result(exercise):
    done, failed, _, _ = finished_futures()
    failed.exception()   # retrieved: no "exception was never retrieved" log at exit
    got = exercise.outcome_of(done)
    assert got == "OK url_1", f"outcome_of(a task that returned 'OK url_1') gave {show(got)}"


@pytest.mark.points(2)
@pytest.mark.timeout(5)
def test_outcome_of_exception_and_cancelled(exercise):
    _, failed, error, cancelled = finished_futures()
    try:
        check_failed_and_cancelled(exercise, failed, error, cancelled)
    finally:
        failed.exception()   # retrieved: no "exception was never retrieved" log at exit


def check_failed_and_cancelled(exercise, failed, error, cancelled):
    try:
        got = exercise.outcome_of(failed)
    except NotImplementedError:
        raise
    except BaseException as exc:  # noqa: BLE001 - reported
        pytest.fail(f"outcome_of(a task that raised ConnectionError) raised {show(exc)}: "
                    f"task.result() re-raises the task's exception; check task.exception() "
                    f"first", pytrace=False)
    assert got is error, (f"outcome_of(a task that raised {show(error)}) gave {show(got)}; "
                          f"expected that exception object (task.exception())")
    try:
        got = exercise.outcome_of(cancelled)
    except BaseException as exc:  # noqa: BLE001 - reported
        pytest.fail(f"outcome_of(a cancelled task) raised {show(exc)}: for a cancelled task both "
                    f"task.result() and task.exception() raise CancelledError; check "
                    f"task.cancelled() first", pytrace=False)
    assert isinstance(got, asyncio.CancelledError), (
        f"outcome_of(a cancelled task) gave {show(got)}; expected an asyncio.CancelledError "
        f"instance (`asyncio.CancelledError()`)")


# -------------------------------------------------------- crawl_with_callbacks

# Completion order b, d, c, a differs from the url order a, b, c, d.
ALL_OK = {"a_4": (4, "ok"), "b_1": (1, "ok"), "c_3": (3, "ok"), "d_2": (2, "ok")}
MIXED = {"a_5": (5, "ok"), "b_2": (2, "fail"), "c_4": (4, "cancel"), "d_1": (1, "ok"),
         "e_3": (3, "fail")}


@pytest.mark.points(3)
@pytest.mark.timeout(5)
def test_reports_in_completion_order(exercise, monkeypatch):
    run = run_crawl(exercise, monkeypatch, ALL_OK)
    returned_list(run)
    # Which crawl each report is about, read from its outcome ('OK <url>'): a
    # wrong url in the report is test_each_url_reported_once_with_its_outcome's business.
    order = [r.outcome[3:] if isinstance(r.outcome, str) and r.outcome.startswith("OK ")
             else r.url for r in run.reports]
    assert order == run.finished, (
        f"report() was called for {order}, but the crawls finished in the order {run.finished} "
        f"(urls given: {list(ALL_OK)}). A done callback (task.add_done_callback) runs as soon "
        f"as its task finishes; reporting after gather, in url order, waits for the slowest")


@pytest.mark.points(2)
@pytest.mark.timeout(5)
def test_each_url_reported_once_with_its_outcome(exercise, monkeypatch):
    run = run_crawl(exercise, monkeypatch, ALL_OK)
    returned_list(run)
    urls = [r.url for r in run.reports]
    wrong = [f"{r.url}: {show(r.outcome)}" for r in run.reports
             if r.url not in run.plan or not matches(r.outcome, run.expected(r.url))]
    if wrong or sorted(urls, key=str) != sorted(run.plan):
        hint = late_binding_hint(run)
        pytest.fail(f"report() was called with: {reported_pairs(run)}; expected each url "
                    f"exactly once with its own outcome ('OK <url>').{hint}", pytrace=False)


@pytest.mark.points(2)
@pytest.mark.timeout(5)
def test_failed_and_cancelled_crawls_are_reported(exercise, monkeypatch):
    run = run_crawl(exercise, monkeypatch, MIXED)
    returned_list(run)
    by_url = {}
    for r in run.reports:
        by_url.setdefault(r.url, []).append(r.outcome)
    problems = []
    for url in MIXED:
        want = run.expected(url)
        got = by_url.get(url, [])
        if len(got) != 1 or not matches(got[0], want):
            problems.append(f"{url} ({MIXED[url][1]}): expected {show(want)}, reported "
                            f"{', '.join(map(show, got)) or 'nothing'}")
    if problems:
        hint = lost_in_callbacks_hint(run) or late_binding_hint(run)
        if late_binding_hint(run):
            problems = [f"report() was called with: {reported_pairs(run)}"]
        if not hint and any(isinstance(r.task, asyncio.Task) for r in run.reports):
            hint = (" Reports were made inside a task, not by done callbacks: a crawl that is "
                    "cancelled never gets to report there")
        pytest.fail(f"with crawls that fail (ConnectionError) or are cancelled: "
                    f"{'; '.join(problems)}.{hint}", pytrace=False)


@pytest.mark.points(2)
@pytest.mark.timeout(5)
def test_reported_from_done_callbacks_on_the_loop_thread(exercise, monkeypatch):
    run = run_crawl(exercise, monkeypatch, ALL_OK)
    returned_list(run)
    assert run.reports, "report() was never called"
    other_thread = [r.url for r in run.reports if r.thread != run.loop_thread]
    assert not other_thread, (
        f"report() for {other_thread} ran on another thread than the event loop's; done "
        f"callbacks run on the loop's thread (call it from task.add_done_callback)")
    in_task = [r for r in run.reports if r.task is not None]
    if in_task:
        first = in_task[0]
        name = first.task.get_name() if isinstance(first.task, asyncio.Task) else str(first.task)
        pytest.fail(f"report() for {[r.url for r in in_task]} was called inside a task "
                    f"({name}), i.e. by a coroutine after an await, not by a done callback "
                    f"(the loop runs callbacks outside any task). Register the report with "
                    f"task.add_done_callback(callback): the loop calls it the moment the task "
                    f"is done, whatever your coroutine is doing", pytrace=False)


@pytest.mark.points(1)
@pytest.mark.timeout(5)
def test_returns_outcomes_in_url_order(exercise, monkeypatch):
    run = run_crawl(exercise, monkeypatch, MIXED)
    got = returned_list(run)
    want = [run.expected(url) for url in MIXED]
    if not all(matches(g, w) for g, w in zip(got, want)):
        pytest.fail(f"crawl_with_callbacks({list(MIXED)!r}, report) returned "
                    f"[{', '.join(map(show, got))}]; expected, in url order: "
                    f"[{', '.join(map(show, want))}] (what gather(..., return_exceptions=True) "
                    f"gives), not the order the crawls finished", pytrace=False)


@pytest.mark.points(2)
@pytest.mark.timeout(5)
def test_everything_reported_before_it_returns(exercise, monkeypatch):
    run = run_crawl(exercise, monkeypatch, MIXED)
    out = run.out
    if out.timed_out or isinstance(out.error, NotImplementedError):
        returned_list(run)
    reported = run.reports_at_return or 0
    if out.left_running:
        pytest.fail(f"when crawl_with_callbacks returned, {reported} of {len(MIXED)} crawls had "
                    f"been reported and {len(out.left_running)} task(s) were still pending. "
                    f"Adding a callback does not wait for anything: await the tasks "
                    f"(`await asyncio.gather(*tasks, return_exceptions=True)`) before returning, "
                    f"or the callbacks fire after you return, or never", pytrace=False)
    if reported < len(MIXED):
        hint = lost_in_callbacks_hint(run) or (
            " Report every crawl, the failed and the cancelled ones too, from its task's done "
            "callback")
        pytest.fail(f"when crawl_with_callbacks returned, {reported} of {len(MIXED)} crawls "
                    f"had been reported ({reported_pairs(run)}), though no task was pending."
                    f"{hint}", pytrace=False)
    returned_list(run)


@pytest.mark.points(1)
@pytest.mark.timeout(5)
def test_no_urls(exercise, monkeypatch):
    run = run_crawl(exercise, monkeypatch, {})
    got = returned_list(run)
    assert got == [] and not run.reports, (
        f"crawl_with_callbacks([], report) returned {got!r} and reported "
        f"{reported_pairs(run)}; expected [] and no report")

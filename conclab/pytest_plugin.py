"""The pytest plugin behind every visible test and grader.

- ``--target PATH`` picks the implementation under test (default: the
  repository's ``exercises/``, i.e. the student's working copy); the
  ``exercise`` fixture imports ``<slug>.py`` from it for ``test_<slug>.py``.
- ``@pytest.mark.points(n)`` gives a test its points; a score table is
  printed at the end and ``--score-json FILE`` writes it as JSON.
- ``@pytest.mark.timing`` marks tests that measure time or speedup, so that
  tooling can run them (``-m timing``) with nothing else on the CPU.
- Every graded test gets a timeout, and whatever processes a test started
  are killed after it, however the student's code behaved.
- There is no internet: connections to anything but 127.0.0.1 are refused
  (:mod:`conclab.web.loopback`; ``--allow-network`` lifts that).  The
  ``local_web`` fixture serves the course's own small web there
  (:class:`conclab.web.LocalWeb`), fresh for every test.
"""
from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path

import pytest

from conclab import reap, timeline
from conclab.web import loopback
from conclab.score import Scoreboard, TestResult
from conclab.target import LoadError, MissingName, Submission, find_module_file, import_file

DEFAULT_TIMEOUT = 60          # seconds, for graded tests that name none
THREAD_GRACE = 1.0            # seconds a test's threads get to finish after it

_loaded: dict[tuple[str, str], object] = {}


def pytest_addoption(parser):
    group = parser.getgroup("conclab")
    group.addoption("--target", default=None, metavar="PATH",
                    help="folder holding the code under test, laid out like exercises/, "
                         "solutions/ or flat (default: the repository's exercises/)")
    group.addoption("--score-json", default=None, metavar="FILE",
                    help="write points per exercise and per test to FILE as JSON")
    group.addoption("--report-fd", type=int, default=None, metavar="FD",
                    help="(conclab grade) write signed outcomes to this inherited pipe")
    group.addoption("--key-fd", type=int, default=None, metavar="FD",
                    help="(conclab grade) read the signing key from this inherited pipe")
    group.addoption("--allow-network", action="store_true",
                    help="let tests connect to addresses other than 127.0.0.1 "
                         "(refused by default: the course runs offline)")


def pytest_configure(config):
    config.addinivalue_line("markers", "points(n): points this grader test is worth")
    config.addinivalue_line("markers", "timing: measures wall time or speedup; "
                                       "run with nothing else competing for the CPU")
    channel = None
    if config.getoption("report_fd") is not None:
        from conclab.grading.channel import Writer
        # Read the key now: nothing of the student's has been imported yet.
        channel = Writer(config.getoption("report_fd"), config.getoption("key_fd"))
    config._conclab = _State(config, channel)
    config.pluginmanager.register(config._conclab, "conclab-state")
    if not config.getoption("allow_network"):
        loopback.install()


def target_root(config) -> Path:
    value = config.getoption("target")
    if value:
        return Path(value).expanduser().resolve()
    return (Path(config.rootpath) / "exercises").resolve()


def slug_of(path: str | Path) -> str:
    stem = Path(path).stem
    return stem[len("test_"):] if stem.startswith("test_") else stem


def load_submission(config, slug: str) -> Submission:
    """Import ``<slug>.py`` from the target once per session.

    Raises:
        LoadError: not found, or it fails to import (cached too).
    """
    root = target_root(config)
    key = (str(root), slug)
    if key not in _loaded:
        try:
            path = find_module_file(root, slug)
            _loaded[key] = Submission(slug, path, import_file(path, slug))
        except LoadError as exc:
            _loaded[key] = exc
    value = _loaded[key]
    if isinstance(value, LoadError):
        raise value
    return value


@pytest.fixture
def exercise(request) -> Submission:
    """The student's module for this test file (``test_<slug>.py`` → ``<slug>.py``)."""
    slug = slug_of(request.node.path)
    try:
        return load_submission(request.config, slug)
    except LoadError as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest.fixture(scope="session")
def _local_web_server():
    from conclab.web import LocalWeb
    with LocalWeb() as web:
        yield web


@pytest.fixture
def local_web(_local_web_server, monkeypatch):
    """The course's local web (:class:`conclab.web.LocalWeb`) on 127.0.0.1.

    Started once per session, reset for every test: content seed 0, no
    latency, no faults, counters at zero.  After the test, requests it left
    stalled are released (their connections reset), so the threads waiting on
    them end.
    """
    web = _local_web_server
    web.reset(seed=0, movies=12)
    # requests honours proxy variables even for 127.0.0.1 unless told not to.
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    yield web
    web.reset()


@pytest.fixture(autouse=True)
def _leave_nothing_behind(request):
    """Kill processes the test started; give its threads a moment to end."""
    before_pids = reap.descendants()
    before_threads = set(threading.enumerate())
    yield
    deadline = time.monotonic() + THREAD_GRACE
    for thread in set(threading.enumerate()) - before_threads:
        # A thread started with _thread.start_new_thread shows up as a
        # _DummyThread once it calls current_thread(); those cannot be joined.
        if not isinstance(thread, threading._DummyThread):
            thread.join(max(0.0, deadline - time.monotonic()))
    reap.kill_new(before_pids)


def pytest_collection_modifyitems(config, items):
    # Graders name their own timeouts; this only covers a run that configured
    # none at all (e.g. graders copied outside the repository's pyproject).
    if config.getoption("timeout", None) is not None or config.getini("timeout"):
        return
    for item in items:
        if item.get_closest_marker("points") and not item.get_closest_marker("timeout"):
            item.add_marker(pytest.mark.timeout(DEFAULT_TIMEOUT))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if call.excinfo is None or report.skipped:
        return
    message = teaching_message(call.excinfo)
    report.user_properties.append(("conclab_message", message))
    if call.excinfo.errisinstance((NotImplementedError, LoadError, MissingName)):
        report.longrepr = Lesson(message)  # the traceback adds nothing for these


def _canary():
    """Always fails: reported passed, the running or reporting of tests was tampered with."""
    raise AssertionError("the canary fails, as it must")


class Lesson:
    """A failure shown as its message alone, in the report and the short summary."""

    def __init__(self, message: str):
        self.message = message
        self.reprcrash = self  # pytest's short summary reads longrepr.reprcrash.message

    def toterminal(self, tw) -> None:
        tw.line(self.message)

    def __str__(self) -> str:
        return self.message


def teaching_message(excinfo) -> str:
    """The student-facing line(s) for a failure."""
    exc = excinfo.value
    if isinstance(exc, NotImplementedError):
        func = excinfo.traceback[-1].name
        return (f"{func}() is not implemented yet: replace its "
                f"`raise NotImplementedError` with your code")
    if isinstance(exc, (LoadError, MissingName)):
        return str(exc)
    text = str(exc)
    # pytest appends its own "assert ..." explanation after a custom message.
    if isinstance(exc, AssertionError) and "\nassert " in text:
        text = text.split("\nassert ", 1)[0]
    if not text:
        text = excinfo.exconly()
    elif not isinstance(exc, (AssertionError, pytest.fail.Exception)):
        text = f"{type(exc).__name__}: {text}"
    return text.strip()


class _State:
    """Collects per-test outcomes into a scoreboard and reports it."""

    def __init__(self, config, channel=None):
        self.config = config
        self.board = Scoreboard(target=str(target_root(config)))
        self.exitstatus = 0
        self.channel = channel          # conclab grade's signed pipe, or None
        self.timelines: dict[str, list] = {}

    def pytest_collection_modifyitems(self, items):
        for item in items:
            marker = item.get_closest_marker("points")
            if marker is None:
                continue
            points = marker.args[0] if marker.args else marker.kwargs.get("n", 1)
            self.board.results[item.nodeid] = TestResult(
                name=item.nodeid.split("::")[-1], nodeid=item.nodeid, exercise=slug_of(item.path),
                points=float(points), timing=item.get_closest_marker("timing") is not None,
                message="this test did not report: the run stopped before it ended")
        if self.channel is not None:
            from conclab.grading.channel import CANARY
            if items:   # last: after the student's module has been imported
                # A real test function, so a patch of how tests run or report
                # that makes every test pass makes this one pass too.
                items.append(pytest.Function.from_parent(items[-1].parent, name=CANARY,
                                                         callobj=_canary))
            self.channel.send(event="collected", tests={
                r.nodeid: {"points": r.points, "timing": r.timing, "exercise": r.exercise,
                           "name": r.name} for r in self.board.results.values()})

    def pytest_deselected(self, items):
        for item in items:  # e.g. `-m "not timing"`: not part of this run's score
            self.board.results.pop(item.nodeid, None)
        if self.channel is not None:
            self.channel.send(event="deselected", nodeids=[item.nodeid for item in items])

    def pytest_runtest_setup(self, item):
        timeline.last_rendered.clear()

    def pytest_runtest_logfinish(self, nodeid, location):
        if self.channel is None:
            return
        result = self.board.results.get(nodeid)
        if result is not None:
            self.channel.send(event="outcome", nodeid=nodeid, outcome=result.outcome,
                              message=result.message, timeline=self.timelines.get(nodeid, []))
        elif nodeid.endswith("conclab_canary_must_fail"):
            self.channel.send(event="outcome", nodeid=nodeid, outcome=self._canary_outcome)

    _canary_outcome = "not run"

    def pytest_runtest_logreport(self, report):
        if report.nodeid.endswith("conclab_canary_must_fail") and report.when == "call":
            self._canary_outcome = report.outcome
        if report.failed and report.when == "call" and timeline.last_rendered:
            # The picture the failure message drew, as data, for the feedback page.
            self.timelines[report.nodeid] = [iv.to_dict() for iv in timeline.last_rendered]
        result = self.board.results.get(report.nodeid)
        if result is None or result.outcome in ("failed", "skipped"):
            return
        if report.failed:
            result.outcome = "failed"
            result.message = dict(report.user_properties).get("conclab_message") or _short(report)
            if report.when == "teardown":
                result.message = f"(after the test) {result.message}"
        elif report.skipped:
            result.outcome = "skipped"
            result.message = _skip_reason(report)
        elif report.when == "call":
            result.outcome = "passed"
            result.message = ""

    def pytest_sessionfinish(self, session, exitstatus):
        self.exitstatus = int(exitstatus)
        if self.channel is not None:
            self.channel.send(event="done")
        path = self.config.getoption("score_json")
        if path:
            self.board.write_json(Path(path))

    def pytest_terminal_summary(self, terminalreporter):
        if not self.board.results:
            return
        terminalreporter.section("conclab score")
        for line in self.board.table_lines():
            terminalreporter.write_line(line)

    @pytest.hookimpl(trylast=True)
    def pytest_unconfigure(self, config):
        # A student's thread that never ends would keep the interpreter alive
        # forever at exit; everything is reported by now, so leave at once.
        stuck = [t for t in threading.enumerate()
                 if t is not threading.main_thread() and t.is_alive() and not t.daemon]
        if stuck:
            names = ", ".join(t.name for t in stuck[:5])
            sys.stderr.write(f"conclab: {len(stuck)} thread(s) still running ({names}); "
                             f"exiting without waiting for them\n")
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(self.exitstatus)


def _short(report) -> str:
    crash = getattr(report.longrepr, "reprcrash", None)
    if crash is not None:
        return crash.message
    return str(report.longrepr).strip().splitlines()[-1] if report.longrepr else "failed"


def _skip_reason(report) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr)

"""Hidden grader for async_download: aiohttp, one shared session, a semaphore.

Everything talks to the local web (the ``local_web`` fixture), reset to a
seed other than the visible tests' so that sizes copied from them fail.
What is graded, and how it is observed:

- ``download_one(session, url)``, with a session the grader opens: the size
  of the body as read (the wiki is sent chunked, so ``content_length`` is
  None); ``aiohttp.ClientResponseError`` for a 500 and a 404; the session it
  is given is the one it uses (four downloads one after another reach the
  server over ONE TCP connection; a session of its own opens one per call);
  it never blocks the event loop (one page takes 0.6 s to answer: a
  ``requests.get`` holds the loop that long, and the watcher names the line).
- ``download_all(urls, limit)``, with the module's ``download_one`` replaced
  by the grader's (so one bug costs once), which records the session it was
  given, the task that ran it and when: every size; one session shared by
  every download (the sessions it was given, and the server's count of TCP
  connections, at most ``limit``); at most ``limit`` requests in flight at
  the server; at least ``limit`` (the server holds the requests until
  ``limit`` are in flight at once, or gives up once after ``MEET_TIMEOUT``);
  the session closed when it returns (the server sees its connections
  close); no task left running when it returns, nor when a download fails;
  ``{}`` for no urls.
- (timing) 12 pages of 60 ms, 3 at a time: about 4 x 60 ms.

Every call runs in a fresh event loop on a watched helper thread
(:mod:`conclab.loopwatch`), with a hard timeout: code that blocks the loop
fails with the line that blocks it, code that never returns fails one test.
Concurrency is read from the server's counters, which do not depend on the
machine's load: the requests that must overlap wait 20-60 ms at the server.
"""
import asyncio
import builtins
import inspect
import math
import time
from collections import Counter

import aiohttp
import pytest

from conclab import aio, loopwatch
from conclab.timeline import render

SEED = 41            # content seed for every test (the visible tests use 0)
LIMIT = 3.0          # s: hard timeout of one call (correct code needs < 0.7 s)
BLOCKED = 0.5        # s: a loop that does not turn this long is blocked (safety net)
SLOW_PAGE = 0.6      # s: the page that shows a blocking download_one
SLOW_BLOCKED = 0.3   # s: ... which fails once the loop has not turned for this long
MEET_TIMEOUT = 0.5   # s: how long the server holds requests waiting for `limit` of them
CLOSE_WAIT = 0.5     # s: how long the server may take to see a closed session's connections go

ExceptionGroups = getattr(builtins, "BaseExceptionGroup", ())   # 3.11+


# --- running the student's code ---------------------------------------------

def run(exercise, fn, *args, what, blocked_after=BLOCKED):
    """``fn(*args)`` in a fresh, watched event loop: the Outcome, or a failure that teaches."""
    try:
        return loopwatch.run(fn, *args, timeout=LIMIT, blocked_after=blocked_after,
                             path=exercise.path, what=what)
    except loopwatch.LoopBlocked as exc:
        blocked = exc
    pytest.fail(f"{blocked}\nrequests.get (and time.sleep) are blocking calls: they hold the "
                f"event loop's only thread until they return. Inside `async def`, download with "
                f"the aiohttp session: `async with session.get(url) as response:` and "
                f"`await response.read()`", pytrace=False)


def explain_error(error, what):
    """A failure for an error the student's code raised, or the error itself."""
    if isinstance(error, NotImplementedError):
        raise error
    text = str(error)
    if isinstance(error, RuntimeError) and "Session is closed" in text:
        pytest.fail(f"{what} raised RuntimeError: Session is closed. The downloads ran after "
                    f"the session was closed: await them (gather) INSIDE the "
                    f"`async with aiohttp.ClientSession() as session:` block; leaving the block "
                    f"closes the session", pytrace=False)
    if isinstance(error, RuntimeError) and "different event loop" in text:
        pytest.fail(f"{what} raised RuntimeError: {text}. An asyncio.Semaphore (or Lock, Queue) "
                    f"belongs to the first event loop that waits on it; one made at import time "
                    f"is tied to an earlier loop (every asyncio.run, every test starts a new "
                    f"one). Create it inside download_all, with its `limit`", pytrace=False)
    if isinstance(error, RuntimeError) and "running event loop" in text:
        pytest.fail(f"{what} raised RuntimeError: {text}. Inside `async def` a loop is already "
                    f"running: `await` the coroutine instead of calling asyncio.run",
                    pytrace=False)
    pytest.fail(f"{what} raised {type(error).__name__}: {text}", pytrace=False)


def returned_sizes(out, what, urls):
    """The dict download_all returned, or a failure that says what went wrong."""
    if out.timed_out:
        pytest.fail(f"{what} did not return within {LIMIT:g} s", pytrace=False)
    if out.error is not None:
        explain_error(out.error, what)
    value = out.value
    if inspect.isawaitable(value):
        pytest.fail(f"{what} returned {type(value).__name__} object, not a dict: something was "
                    f"never awaited (`await asyncio.gather(*tasks)` gives the results)",
                    pytrace=False)
    if not isinstance(value, dict):
        pytest.fail(f"{what} returned {value!r}; expected a dict {{url: size}}", pytrace=False)
    return value


def describe(tasks):
    """``'3 running download_one, 1 running worker'`` for a list of tasks."""
    counts = Counter(getattr(t.get_coro(), "__name__", type(t.get_coro()).__name__) for t in tasks)
    return ", ".join(f"{n} running {name}" for name, n in sorted(counts.items()))


def picture(local_web):
    """The server's requests under /wiki/, one row per TCP connection."""
    return render(local_web.traffic.intervals("/wiki/"))


# --- the grader's download_one ------------------------------------------------

class Downloads:
    """Replaces the module's ``download_one``: a correct one that records its calls.

    ``sessions`` holds every session it was given (kept alive, so that ids
    stay distinct); ``recorder`` the task and interval of every call.
    """

    def __init__(self, exercise, monkeypatch):
        self.sessions = []
        self.recorder = aio.TaskRecorder()

        async def download_one(session, url):
            self.sessions.append(session)
            async with session.get(url) as response:
                response.raise_for_status()
                return len(await response.read())

        monkeypatch.setattr(exercise.module, "download_one",
                            self.recorder.wrap(download_one, label=lambda s, url: url))

    def distinct_sessions(self):
        return list({id(s): s for s in self.sessions}.values())


def download_all(exercise, monkeypatch, urls, limit):
    """Run ``download_all(urls, limit)`` with the grader's download_one: (Outcome, Downloads)."""
    downloads = Downloads(exercise, monkeypatch)
    out = run(exercise, exercise.download_all, urls, limit,
              what=f"download_all({len(urls)} urls, limit={limit})")
    return out, downloads


def with_session(exercise, scenario, what, blocked_after=BLOCKED):
    """Run ``await scenario(session)`` with a session the grader opens (and closes)."""
    async def main():
        async with aiohttp.ClientSession() as session:
            return await scenario(session)
    main.__name__ = "download_one"
    return run(exercise, main, what=what, blocked_after=blocked_after)


def pages(local_web, n):
    local_web.reset(seed=SEED)
    urls = local_web.wiki_urls()
    # Not the seed's order: a dict built from another list than `urls` shows.
    return urls[::-1][:n]


# ---------------------------------------------------------------- download_one

@pytest.mark.points(2)
@pytest.mark.timeout(10)
def test_download_one_returns_body_size(exercise, local_web):
    # Three wiki pages (sent chunked: no Content-Length) and a movie page
    # with Chinese text (more bytes than characters).
    urls = pages(local_web, 3)
    expected = [local_web.wiki_sizes()[u] for u in urls]
    movie = local_web.site.movies[0]
    urls.append(local_web.url(movie.detail_path))
    expected.append(len(local_web.site.detail_html(movie).encode("utf-8")))

    async def each(session):
        return [await exercise.download_one(session, url) for url in urls]
    out = with_session(exercise, each, "download_one(session, url)")
    if out.error is not None:
        explain_error(out.error, "download_one(session, url)")
    got = out.value
    if got != expected:
        hint = ""
        if any(v is None for v in got):
            hint = (" None is what resp.content_length gives when the server sends its page "
                    "in chunks, without a Content-Length header (the wiki pages are). Read "
                    "the body and count it: `len(await response.read())`")
        elif got[:3] == expected[:3]:
            hint = (f" The wiki pages are right; the movie page {movie.detail_path} has Chinese "
                    f"text, 3 bytes per character in UTF-8: you counted characters "
                    f"(resp.text()), not bytes. `len(await response.read())` counts bytes")
        pytest.fail(f"download_one returned {got} for 4 pages whose bodies have {expected} "
                    f"bytes.{hint}", pytrace=False)


@pytest.mark.points(1)
@pytest.mark.timeout(10)
def test_download_one_raises_for_error_status(exercise, local_web):
    pages(local_web, 0)
    broken = {"/wiki/PHP": 500, "/wiki/Node.js": 404}
    for path, status in broken.items():
        local_web.fail(path, str(status))

    async def each(session):
        seen = {}
        for path in broken:
            try:
                seen[path] = ("returned", await exercise.download_one(session, local_web.url(path)))
            except Exception as exc:  # noqa: BLE001 - what it raised is the observation
                seen[path] = ("raised", exc)
        return seen
    out = with_session(exercise, each, "download_one(session, url)")
    if out.error is not None:
        explain_error(out.error, "download_one(session, url)")
    for path, status in broken.items():
        how, value = out.value[path]
        if isinstance(value, NotImplementedError):
            raise value
        if how == "returned":
            pytest.fail(f"download_one returned {value!r} for {path}, which answered {status}: "
                        f"an error page has a body too. Check the status: "
                        f"`response.raise_for_status()` raises aiohttp.ClientResponseError for "
                        f"4xx and 5xx", pytrace=False)
        if not isinstance(value, aiohttp.ClientResponseError) or value.status != status:
            pytest.fail(f"download_one raised {type(value).__name__}: {value} for {path}, which "
                        f"answered {status}; expected aiohttp.ClientResponseError with "
                        f"status {status} (`response.raise_for_status()`)", pytrace=False)


@pytest.mark.points(1)
@pytest.mark.timeout(10)
def test_download_one_uses_the_given_session(exercise, local_web):
    urls = pages(local_web, 4)

    async def one_by_one(session):
        return [await exercise.download_one(session, url) for url in urls]
    out = with_session(exercise, one_by_one, "download_one(session, url)")
    if out.error is not None:
        explain_error(out.error, "download_one(session, url)")
    opened = local_web.traffic.connections
    if opened != 1:
        pytest.fail(f"4 calls of download_one(session, url), one after another with the same "
                    f"session, opened {opened} TCP connections to the server; through the "
                    f"session you are given they reuse 1 (keep-alive):\n{picture(local_web)}\n"
                    f"download_one must download with the `session` argument. A ClientSession "
                    f"is a connection pool: opening one per call (as the seed notes do), or "
                    f"calling requests.get, makes a new connection for every page. (A response "
                    f"whose body is never read cannot give its connection back either: read "
                    f"it, `await response.read()`)", pytrace=False)


@pytest.mark.points(2)
@pytest.mark.timeout(10)
def test_download_one_does_not_block_the_loop(exercise, local_web):
    urls = pages(local_web, 1)
    local_web.set_latency(SLOW_PAGE, "/wiki/*")

    async def slow(session):
        return await exercise.download_one(session, urls[0])
    out = with_session(exercise, slow, f"download_one(session, url) of a page that takes "
                                       f"{SLOW_PAGE:g} s", blocked_after=SLOW_BLOCKED)
    if out.error is not None:
        explain_error(out.error, "download_one(session, url)")


# ---------------------------------------------------------------- download_all

@pytest.mark.points(2)
@pytest.mark.timeout(10)
def test_download_all_returns_every_size(exercise, monkeypatch, local_web):
    urls = pages(local_web, 12)
    local_web.set_latency(0.01)
    out, _ = download_all(exercise, monkeypatch, urls, 4)
    got = returned_sizes(out, "download_all(12 urls, limit=4)", urls)
    expected = {u: local_web.wiki_sizes()[u] for u in urls}
    if got != expected:
        missing = [u for u in urls if u not in got]
        wrong = {u: got[u] for u in urls if u in got and got[u] != expected[u]}
        extra = [k for k in got if k not in expected]
        pytest.fail(f"download_all(12 urls, limit=4) returned a dict with {len(got)} entries: "
                    f"missing urls {missing}, wrong sizes {wrong}, unexpected keys {extra}. "
                    f"Expected {{url: size}} for every url, with download_one's results",
                    pytrace=False)


@pytest.mark.points(2)
@pytest.mark.timeout(10)
def test_download_all_uses_one_session(exercise, monkeypatch, local_web):
    urls, limit = pages(local_web, 12), 3
    local_web.set_latency(0.02)
    out, downloads = download_all(exercise, monkeypatch, urls, limit)
    returned_sizes(out, "download_all(12 urls, limit=3)", urls)
    sessions = downloads.distinct_sessions()
    if not downloads.sessions:
        pytest.fail("download_all never called download_one: call the module's "
                    "download_one(session, url) for each url", pytrace=False)
    if len(sessions) != 1:
        pytest.fail(f"download_all gave download_one {len(sessions)} different sessions for "
                    f"12 urls, and the server accepted {local_web.traffic.connections} TCP "
                    f"connections:\n{picture(local_web)}\nA ClientSession is a connection pool: "
                    f"open ONE for all urls (`async with aiohttp.ClientSession() as session:` "
                    f"around the whole download) and pass it to every download_one",
                    pytrace=False)
    opened = local_web.traffic.connections
    if opened > limit:
        pytest.fail(f"download_all(12 urls, limit={limit}) shared one session but the server "
                    f"accepted {opened} TCP connections, with up to "
                    f"{local_web.traffic.max_in_flight} requests in flight:\n{picture(local_web)}"
                    f"\nA shared session opens one connection per request running at the same "
                    f"time and reuses them afterwards: with at most {limit} downloads at once "
                    f"(the semaphore) it needs at most {limit}", pytrace=False)


@pytest.mark.points(2)
@pytest.mark.timeout(10)
def test_at_most_limit_in_flight(exercise, monkeypatch, local_web):
    urls, limit = pages(local_web, 12), 3
    local_web.set_latency(0.04)
    out, _ = download_all(exercise, monkeypatch, urls, limit)
    returned_sizes(out, "download_all(12 urls, limit=3)", urls)
    most = local_web.traffic.max_in_flight
    if most > limit:
        pytest.fail(f"download_all(12 urls, limit={limit}) had {most} requests in flight at the "
                    f"server at once, expected at most {limit}:\n{picture(local_web)}\n"
                    f"Make ONE asyncio.Semaphore(limit) in download_all and download inside "
                    f"`async with semaphore:`. A semaphore created in each task limits nothing; "
                    f"a number typed in instead of `limit` limits to the wrong number",
                    pytrace=False)


@pytest.mark.points(2)
@pytest.mark.timeout(10)
def test_limit_downloads_at_once(exercise, monkeypatch, local_web):
    urls, limit = pages(local_web, 8), 4
    meeting = local_web.meet(limit, timeout=MEET_TIMEOUT, prefix="/wiki/")
    out, downloads = download_all(exercise, monkeypatch, urls, limit)
    returned_sizes(out, "download_all(8 urls, limit=4)", urls)
    if not meeting.opened:
        most = local_web.traffic.most_at_once("/wiki/")
        tasks = len({id(c.task) for c in downloads.recorder.calls})
        pytest.fail(f"download_all(8 urls, limit={limit}) never had {limit} requests in flight "
                    f"at once (at most {most}, from {tasks} task(s)); the server waited "
                    f"{MEET_TIMEOUT:g} s for them:\n{picture(local_web)}\n"
                    f"Start every download as a task (asyncio.create_task) and await them "
                    f"together (asyncio.gather): `await download_one(...)` in a loop runs them "
                    f"one after another. The semaphore lets exactly `limit` run at once",
                    pytrace=False)


@pytest.mark.points(2)
@pytest.mark.timeout(10)
def test_session_closed_when_it_returns(exercise, monkeypatch, local_web):
    urls, limit = pages(local_web, 6), 3
    local_web.set_latency(0.02)
    seen = {}

    async def then_watch_the_server():
        try:
            return await exercise.download_all(urls, limit)
        finally:
            sessions = downloads.distinct_sessions()
            seen["open_sessions"] = sum(not s.closed for s in sessions)
            # A closed session closes its connections; the server (another
            # thread) sees them go within milliseconds.
            deadline = time.monotonic() + CLOSE_WAIT
            while local_web.traffic.open_connections and time.monotonic() < deadline:
                await asyncio.sleep(0.01)
            seen["open_connections"] = local_web.traffic.open_connections
            for session in sessions:   # clean up after a session left open
                await session.close()

    downloads = Downloads(exercise, monkeypatch)
    out = run(exercise, then_watch_the_server, what="download_all(6 urls, limit=3)")
    returned_sizes(out, "download_all(6 urls, limit=3)", urls)
    if seen.get("open_sessions") or seen.get("open_connections"):
        pytest.fail(f"when download_all returned, {seen.get('open_sessions')} session(s) it "
                    f"used were not closed, and {CLOSE_WAIT:g} s later "
                    f"{seen.get('open_connections')} TCP connection(s) were still open at the "
                    f"server. Close the session before "
                    f"returning: `async with aiohttp.ClientSession() as session:` closes it when "
                    f"the block ends (aiohttp warns 'Unclosed client session' otherwise)",
                    pytrace=False)


@pytest.mark.points(1)
@pytest.mark.timeout(10)
def test_no_task_left_pending(exercise, monkeypatch, local_web):
    urls = pages(local_web, 8)
    local_web.set_latency(0.02)
    out, _ = download_all(exercise, monkeypatch, urls, 3)
    if out.left_running:
        pytest.fail(f"when download_all returned, {len(out.left_running)} task(s) it had "
                    f"started were still pending ({describe(out.left_running)}). Await every "
                    f"task you create before returning; worker tasks that wait for more work "
                    f"forever must be cancelled (and awaited) once the queue is done",
                    pytrace=False)
    returned_sizes(out, "download_all(8 urls, limit=3)", urls)


@pytest.mark.points(1)
@pytest.mark.timeout(10)
def test_a_failed_download_leaves_no_task_running(exercise, monkeypatch, local_web):
    urls = pages(local_web, 6)
    bad = urls[1]
    local_web.set_latency(0.3, "/wiki/*")
    path = bad[len(local_web.base_url):]
    local_web.set_latency(0.05, path)
    local_web.fail(path, "500")
    out, _ = download_all(exercise, monkeypatch, urls, 2)
    what = "download_all(6 urls, limit=2)"
    error = out.error
    if isinstance(error, NotImplementedError) or out.timed_out:
        returned_sizes(out, what, urls)
    leaves = list(error.exceptions) if isinstance(error, ExceptionGroups) else [error]
    if not any(isinstance(e, aiohttp.ClientResponseError) for e in leaves):
        if error is None:
            pytest.fail(f"{what} returned {out.value!r} although {bad} answered 500: the error "
                        f"download_one raised must come out of download_all", pytrace=False)
        explain_error(error, what)
    if out.left_running:
        pytest.fail(f"{what} raised {type(error).__name__} ({bad} answered 500), but "
                    f"{len(out.left_running)} of its tasks were still running "
                    f"({describe(out.left_running)}). gather() raises the first error and "
                    f"leaves the other tasks running, on a session about to close. Cancel them "
                    f"and wait for them before the error leaves download_all "
                    f"(`task.cancel()` for each, then "
                    f"`await asyncio.gather(*tasks, return_exceptions=True)`), or use "
                    f"asyncio.TaskGroup (3.11+), which does that for you", pytrace=False)


@pytest.mark.points(1)
@pytest.mark.timeout(10)
def test_no_urls(exercise, monkeypatch, local_web):
    pages(local_web, 0)
    out, _ = download_all(exercise, monkeypatch, [], 3)
    got = returned_sizes(out, "download_all([], limit=3)", [])
    if got != {}:
        pytest.fail(f"download_all([], limit=3) returned {got!r}, expected {{}}", pytrace=False)


@pytest.mark.points(1)
@pytest.mark.timeout(10)
@pytest.mark.timing
def test_takes_about_one_latency_per_round(exercise, monkeypatch, local_web):
    urls, limit, latency = pages(local_web, 12), 3, 0.06
    local_web.set_latency(latency)
    out, _ = download_all(exercise, monkeypatch, urls, limit)
    returned_sizes(out, "download_all(12 urls, limit=3)", urls)
    rounds = math.ceil(len(urls) / limit)
    shortest, bound = rounds * latency, rounds * latency + 0.25
    if not shortest - 0.01 <= out.elapsed <= bound:
        pytest.fail(f"download_all(12 urls, limit={limit}) of pages that take "
                    f"{latency * 1000:.0f} ms took {out.elapsed:.2f} s; {limit} at a time it is "
                    f"{rounds} rounds, about {shortest:.2f} s (allowed {shortest - 0.01:.2f}-"
                    f"{bound:.2f} s; one by one: {len(urls) * latency:.2f} s, all at once: "
                    f"{latency:.2f} s):\n{picture(local_web)}", pytrace=False)

"""Fixtures for graders of multiprocessing code: start methods and pools.

Multiprocessing exercises must work under every start method (forkserver is
Linux's default from Python 3.14, spawn is macOS's and Windows'), so graders
check correctness under each one and observe behaviour under "fork" (the
fastest to start, and children see the grader's monkeypatches).  A grader
imports the fixtures it needs into its own module, where pytest finds them::

    from conclab.startmethods import fork, pools, start_method  # noqa: F401 (fixtures)

``pools`` is autouse: importing it is enough.
"""
from __future__ import annotations

import multiprocessing
import multiprocessing.pool

import pytest

METHODS = ["fork", "forkserver", "spawn"]


def use_start_method(method: str) -> str | None:
    """Make ``method`` the default start method; return the previous one.

    Skips the test when this platform lacks ``method``.
    """
    if method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"the {method!r} start method is not available on this platform")
    old = multiprocessing.get_start_method(allow_none=True)
    multiprocessing.set_start_method(method, force=True)
    return old


@pytest.fixture
def start_method(request):
    """``request.param`` as the default start method for this test only
    (parametrize with ``indirect=True``)."""
    old = use_start_method(request.param)
    yield request.param
    multiprocessing.set_start_method(old, force=True)


@pytest.fixture
def fork():
    """The "fork" start method for this test only."""
    old = use_start_method("fork")
    yield
    multiprocessing.set_start_method(old, force=True)


@pytest.fixture(autouse=True)
def pools(monkeypatch):
    """Every multiprocessing pool the student's code creates in a test, kept
    referenced during the test and terminated after it.

    Kept: CPython terminates a pool's workers when the last reference to the
    pool disappears, so a pool that is never joined *looks* clean when it was
    a local variable.  A traceback or a debugger keeps such a reference, and
    so does the grader: only a pool that was really joined or terminated has
    no workers left when the function returns.

    Terminated: a pool kept in a module global would otherwise outlive the
    test, have its workers killed by the clean-up between tests, and hang
    every later call; terminated, a later call fails at once instead.
    """
    created = []
    original = multiprocessing.pool.Pool.__init__

    def init(self, *args, **kwargs):
        created.append(self)
        original(self, *args, **kwargs)

    monkeypatch.setattr(multiprocessing.pool.Pool, "__init__", init)
    yield created
    monkeypatch.undo()
    for pool in created:
        if getattr(pool, "_state", None) is None:  # __init__ did not get far enough
            continue
        try:
            pool.terminate()
        except Exception:  # noqa: BLE001 - its result handler died ("Cannot have cache
            pass           # with result_handler not alive"); the plugin kills its workers

"""What the local web's server saw: requests, in-flight counts, connections.

This is how a grader knows that requests really were in flight at the same
time, without trusting the client's wall clock: the server counts them as they
arrive and leave.  Every request is also kept as a
:class:`conclab.timeline.Interval` (``worker`` is the TCP connection it came
on, ``label`` its path) so a failure message can draw what ran when.

Concurrency:
    The server's event loop thread writes, the test's thread reads; one lock
    guards everything.  Times are ``time.perf_counter()``, the clock the
    graders use for the student's side too.
"""
from __future__ import annotations

import threading
import time
from collections import Counter
from dataclasses import dataclass

from conclab.timeline import Interval, max_concurrency


@dataclass
class Request:
    """One request while it is being served."""
    path: str
    connection: int
    start: float
    end: float | None = None
    status: int | None = None     # None while running, or when the connection was dropped
    generation: int = 0           # which reset it belongs to


class Traffic:
    """Counters for one test; :meth:`reset` starts them over."""

    def __init__(self):
        self._lock = threading.Lock()
        # Connection numbers go on across resets: a keep-alive connection from
        # before a reset must not share a number with a new one.
        self._connection_ids: dict[int, int] = {}
        self._numbered = 0
        self._generation = 0
        self.reset()

    def reset(self) -> None:
        with self._lock:
            self._requests: list[Request] = []
            self._in_flight = 0
            self._max_in_flight = 0
            self._opened = 0
            self._open = 0
            self._generation += 1
            self._counted: set[int] = set()   # connections opened since the reset

    # ------------------------------------------------ written by the server

    def connection_made(self, key: int) -> None:
        with self._lock:
            self._numbered += 1
            self._connection_ids[key] = self._numbered
            self._counted.add(self._numbered)
            self._opened += 1
            self._open += 1

    def connection_lost(self, key: int) -> None:
        with self._lock:
            number = self._connection_ids.pop(key, None)
            if number in self._counted:
                self._counted.discard(number)
                self._open -= 1

    def started(self, path: str, connection_key: int) -> Request:
        with self._lock:
            number = self._connection_ids.get(connection_key, 0)
            request = Request(path, number, time.perf_counter(), generation=self._generation)
            self._requests.append(request)
            self._in_flight += 1
            self._max_in_flight = max(self._max_in_flight, self._in_flight)
            return request

    def ended(self, request: Request, status: int | None) -> None:
        with self._lock:
            request.end = time.perf_counter()
            request.status = status
            if request.generation == self._generation:   # not one from before a reset
                self._in_flight -= 1

    # -------------------------------------------------- read by the graders

    @property
    def in_flight(self) -> int:
        """Requests being served right now."""
        with self._lock:
            return self._in_flight

    @property
    def max_in_flight(self) -> int:
        """The most requests ever served at the same time since the reset."""
        with self._lock:
            return self._max_in_flight

    @property
    def connections(self) -> int:
        """TCP connections the server accepted since the reset."""
        with self._lock:
            return self._opened

    @property
    def open_connections(self) -> int:
        """TCP connections open right now (accepted since the reset)."""
        with self._lock:
            return self._open

    def requests(self, prefix: str = "") -> list[Request]:
        """Every request whose path starts with ``prefix``, in arrival order."""
        with self._lock:
            return [r for r in self._requests if r.path.startswith(prefix)]

    def count(self, path: str | None = None) -> int:
        """How many requests reached ``path`` (all paths if None)."""
        with self._lock:
            return sum(1 for r in self._requests if path is None or r.path == path)

    def per_path(self) -> Counter:
        with self._lock:
            return Counter(r.path for r in self._requests)

    def intervals(self, prefix: str = "") -> list[Interval]:
        """Finished requests under ``prefix`` as intervals, one row per connection."""
        return [Interval(f"conn {r.connection}", r.start, r.end, r.path)
                for r in self.requests(prefix) if r.end is not None]

    def most_at_once(self, prefix: str = "") -> int:
        """The most requests under ``prefix`` that were served at the same time.

        Counts finished and running requests alike (a running one is open until now).
        """
        now = time.perf_counter()
        return max_concurrency(Interval("", r.start, r.end if r.end is not None else now)
                               for r in self.requests(prefix))

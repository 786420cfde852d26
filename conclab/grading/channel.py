"""How test outcomes leave a grading process: signed lines on an inherited pipe.

A submission runs inside the grading process, so it could write a score
file, exit early, or patch pytest.  The parent therefore trusts none of
that.  It passes two pipes: one carries a random key *into* the process and
is read and closed by the plugin at start-up, before the student's module is
imported; the other carries one JSON line per event *out*, each signed with
that key (HMAC-SHA256):

- ``collected``: every graded test with its points (before student code runs);
- ``outcome``: one per test, when its last phase is reported;
- ``done``: the session ended normally.

The parent counts a test as passed only when a valid ``outcome`` line says
so.  A test with no valid line scored nothing (the process died, exited or
was killed first), forged lines fail the signature, and a canary test that
must fail -- added by the plugin, reported like any other -- exposes a run
whose reporting was patched to pass everything.

Code running in the same process can, with enough effort, find the key in
memory: this is a high bar, not a proof.  The sandbox keeps everything else
out of reach.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import selectors
import threading
from dataclasses import dataclass, field

CANARY = "conclab_canary_must_fail"


def sign(key: bytes, payload: dict) -> bytes:
    body = json.dumps(payload, sort_keys=True, separators=(",", ":"))
    mac = hmac.new(key, body.encode(), hashlib.sha256).hexdigest()
    return (json.dumps({"body": body, "mac": mac}) + "\n").encode()


class Writer:
    """The plugin's end: reads the key once, then signs and writes events."""

    def __init__(self, report_fd: int, key_fd: int):
        chunks = []
        while True:
            chunk = os.read(key_fd, 4096)
            if not chunk:
                break
            chunks.append(chunk)
        os.close(key_fd)
        self._key = b"".join(chunks)
        self._fd = report_fd

    def send(self, **payload) -> None:
        data = sign(self._key, payload)
        while data:
            data = data[os.write(self._fd, data):]


@dataclass
class Received:
    collected: dict = field(default_factory=dict)    # nodeid -> {"points", "timing", "exercise"}
    outcomes: dict = field(default_factory=dict)     # nodeid -> outcome payload
    deselected: set = field(default_factory=set)
    done: bool = False
    forged: int = 0                                  # lines that failed the signature

    @property
    def tampered(self) -> bool:
        """The canary was reported passed: the reporting itself was patched."""
        canary = [o for nodeid, o in self.outcomes.items() if nodeid.endswith(CANARY)]
        return bool(canary) and any(o.get("outcome") == "passed" for o in canary)


class Reader:
    """The parent's end: makes the pipes, and verifies what comes back."""

    def __init__(self):
        self.key = secrets.token_bytes(32)
        self.report_r, self.report_w = os.pipe()
        self.key_r, key_w = os.pipe()
        os.write(key_w, self.key)
        os.close(key_w)

    @property
    def child_fds(self) -> tuple[int, int]:
        return self.report_w, self.key_r

    def close_child_ends(self) -> None:
        for fd in (self.report_w, self.key_r):
            try:
                os.close(fd)
            except OSError:
                pass

    def start(self) -> None:
        """Read in the background while the process runs (a full pipe would block it)."""
        self._chunks: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._drain, name="conclab-channel", daemon=True)
        self._thread.start()

    def _drain(self) -> None:
        with selectors.DefaultSelector() as sel:
            sel.register(self.report_r, selectors.EVENT_READ)
            while True:
                if not sel.select(0.2):
                    if self._stop.is_set():
                        return   # a leftover descendant may hold the write end: stop anyway
                    continue
                chunk = os.read(self.report_r, 65536)
                if not chunk:
                    return
                self._chunks.append(chunk)

    def finish(self) -> Received:
        """Once the process is gone: what it reported, verified."""
        self._stop.set()
        self._thread.join(10)
        os.close(self.report_r)
        return self.parse(b"".join(self._chunks))

    def parse(self, data: bytes) -> Received:
        got = Received()
        for line in data.splitlines():
            try:
                record = json.loads(line)
                body, mac = record["body"], record["mac"]
            except (ValueError, KeyError, TypeError):
                got.forged += 1
                continue
            expected = hmac.new(self.key, body.encode(), hashlib.sha256).hexdigest()
            if not isinstance(mac, str) or not hmac.compare_digest(mac, expected):
                got.forged += 1
                continue
            event = json.loads(body)
            kind = event.get("event")
            if kind == "collected":
                got.collected = event["tests"]
            elif kind == "outcome":
                got.outcomes[event["nodeid"]] = event
            elif kind == "deselected":
                got.deselected.update(event["nodeids"])
            elif kind == "done":
                got.done = True
        return got

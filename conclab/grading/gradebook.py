"""The gradebook: every graded run in one SQLite file, written one run at a time.

A run is one phase (``main``: every test not marked ``timing``; ``timing``:
the timing tests, graded with nothing beside them) of one exercise of one
student.  Each finished run is one transaction, keyed by what it graded
(the module's hash) and what graded it (the graders' hash), so:

- a rerun skips every run whose submission and graders are unchanged;
- a run interrupted halfway left nothing behind, and is simply done again;
- nothing is ever counted twice (one row per student, exercise and phase).
"""
from __future__ import annotations

import json
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS students (
    student  TEXT PRIMARY KEY,
    error    TEXT NOT NULL DEFAULT '',   -- the whole submission could not be read
    problems TEXT NOT NULL DEFAULT '{}'  -- JSON {exercise: why it could not be read}
);
CREATE TABLE IF NOT EXISTS runs (
    student  TEXT NOT NULL,
    exercise TEXT NOT NULL,
    phase    TEXT NOT NULL,              -- main | timing
    content  TEXT NOT NULL,              -- sha256 of the graded module
    graders  TEXT NOT NULL,              -- sha256 of the grader and the grading code
    tests    TEXT NOT NULL,              -- JSON list of test results
    error    TEXT NOT NULL DEFAULT '',
    layers   TEXT NOT NULL DEFAULT '',
    seconds  REAL NOT NULL DEFAULT 0,
    finished REAL NOT NULL,
    PRIMARY KEY (student, exercise, phase)
);
"""


@dataclass
class Run:
    student: str
    exercise: str
    phase: str
    content: str
    graders: str
    tests: list
    error: str = ""
    layers: str = ""
    seconds: float = 0.0


class Gradebook:
    """One SQLite file; safe to use from several grading threads."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def set_student(self, student: str, error: str = "", problems: dict | None = None) -> None:
        with self._lock:
            self._db.execute("INSERT OR REPLACE INTO students VALUES (?, ?, ?)",
                             (student, error, json.dumps(problems or {}, sort_keys=True)))

    def is_fresh(self, student: str, exercise: str, phase: str, content: str,
                 graders: str) -> bool:
        """A finished run of exactly this module with exactly these graders exists."""
        with self._lock:
            row = self._db.execute(
                "SELECT 1 FROM runs WHERE student=? AND exercise=? AND phase=? AND content=? "
                "AND graders=?", (student, exercise, phase, content, graders)).fetchone()
        return row is not None

    def record(self, run: Run) -> None:
        """Store a finished run (replacing an older one), in one transaction."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.execute(
                    "INSERT OR REPLACE INTO runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (run.student, run.exercise, run.phase, run.content, run.graders,
                     json.dumps(run.tests, sort_keys=True), run.error, run.layers,
                     run.seconds, time.time()))
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def forget(self, student: str, exercise: str, keep_phases: set[str]) -> None:
        """Drop runs of phases that no longer apply (e.g. the module is gone)."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            placeholders = ",".join("?" * len(keep_phases)) or "''"
            self._db.execute(f"DELETE FROM runs WHERE student=? AND exercise=? AND phase NOT IN "
                             f"({placeholders})", (student, exercise, *sorted(keep_phases)))
            self._db.execute("COMMIT")

    def students(self) -> dict[str, tuple[str, dict]]:
        with self._lock:
            rows = self._db.execute("SELECT student, error, problems FROM students").fetchall()
        return {s: (e, json.loads(p)) for s, e, p in rows}

    def runs(self) -> list[Run]:
        with self._lock:
            rows = self._db.execute(
                "SELECT student, exercise, phase, content, graders, tests, error, layers, seconds "
                "FROM runs ORDER BY student, exercise, phase").fetchall()
        return [Run(s, e, ph, c, g, json.loads(t), err, lay, sec)
                for s, e, ph, c, g, t, err, lay, sec in rows]

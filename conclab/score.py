"""Points earned per test and per exercise, as a table and as JSON.

A test earns its points only when every phase (setup, call, teardown) was
reported passed.  A skipped test (a speedup check on one core) is left out of
the possible points rather than given or taken away, and says why.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path


@dataclass
class TestResult:
    name: str
    nodeid: str
    exercise: str
    points: float
    # "not run" until a report says otherwise: a test that never reported
    # (the run died before it) earns nothing.
    outcome: str = "not run"  # not run | passed | failed | skipped
    message: str = ""
    timing: bool = False

    @property
    def earned(self) -> float:
        return self.points if self.outcome == "passed" else 0.0


@dataclass
class Scoreboard:
    target: str
    results: dict[str, TestResult] = field(default_factory=dict)

    def exercises(self) -> dict[str, list[TestResult]]:
        grouped: dict[str, list[TestResult]] = {}
        for result in self.results.values():
            grouped.setdefault(result.exercise, []).append(result)
        return grouped

    def to_dict(self) -> dict:
        exercises = {}
        for slug, results in sorted(self.exercises().items()):
            graded = [r for r in results if r.outcome != "skipped"]
            exercises[slug] = {
                "earned": sum(r.earned for r in graded),
                "possible": sum(r.points for r in graded),
                "tests": [dict(asdict(r), earned=r.earned) for r in results],
            }
        return {
            "target": self.target,
            "earned": sum(e["earned"] for e in exercises.values()),
            "possible": sum(e["possible"] for e in exercises.values()),
            "exercises": exercises,
        }

    def write_json(self, path: Path) -> None:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_text(json.dumps(self.to_dict(), indent=2, ensure_ascii=False))
        tmp.replace(path)

    def table_lines(self) -> list[str]:
        data = self.to_dict()
        lines = [f"{'exercise':<22} {'score':>11}  failed tests"]
        for slug, ex in data["exercises"].items():
            failed = [t["name"] for t in ex["tests"] if t["outcome"] in ("failed", "not run")]
            skipped = [t["name"] for t in ex["tests"] if t["outcome"] == "skipped"]
            note = ", ".join(failed) if failed else "-"
            if skipped:
                note += f" (skipped: {', '.join(skipped)})"
            lines.append(f"{slug:<22} {_num(ex['earned']):>5} / {_num(ex['possible']):<5} {note}")
        lines.append(f"{'total':<22} {_num(data['earned']):>5} / {_num(data['possible']):<5}")
        return lines


def _num(x: float) -> str:
    return f"{x:g}"

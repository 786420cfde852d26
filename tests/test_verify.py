"""conclab.verify.judge: how one grading of a known case is judged."""
from pathlib import Path

from conclab import catalog, verify

EX = catalog.by_slug("lock_race")


def report(**outcomes):
    tests = [{"name": name, "outcome": outcome, "message": "", "points": 1}
             for name, outcome in outcomes.items()]
    earned = sum(1 for t in tests if t["outcome"] == "passed")
    possible = sum(1 for t in tests if t["outcome"] != "skipped")
    return {"earned": earned, "possible": possible,
            "exercises": {EX.slug: {"tests": tests}}}


def mutant(*expect_fail):
    return verify.Case(EX, "mutant", Path("m.py"), "a mistake", list(expect_fail))


def test_mutant_caught_by_every_named_test():
    v = verify.judge(mutant("test_a", "test_b"), report(test_a="failed", test_b="failed",
                                                        test_c="passed"))
    assert v.ok and not v.false_pass


def test_mutant_that_survives_a_named_test_is_a_false_pass():
    v = verify.judge(mutant("test_a", "test_b"), report(test_a="failed", test_b="passed"))
    assert not v.ok and v.false_pass and "test_b" in v.why


def test_a_skipped_named_test_neither_catches_nor_misses():
    # A speedup check that skipped on a busy machine measured nothing; the
    # structural test named beside it still has to catch the mutant.
    v = verify.judge(mutant("test_overlap", "test_speedup"),
                     report(test_overlap="failed", test_speedup="skipped", test_c="passed"))
    assert v.ok and "skipped" in v.why


def test_a_skip_alone_never_counts_as_caught():
    v = verify.judge(mutant("test_speedup"), report(test_speedup="skipped", test_c="passed"))
    assert not v.ok and v.false_pass


def test_alternative_must_score_full():
    alt = verify.Case(EX, "alternative", Path("a.py"), "different")
    assert verify.judge(alt, report(test_a="passed", test_b="skipped")).ok
    assert not verify.judge(alt, report(test_a="passed", test_b="failed")).ok

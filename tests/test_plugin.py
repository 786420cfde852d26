"""The plugin: targeting, bad submissions confined to their tests, points, cleanup."""
import json
import textwrap

import pytest

GRADER = '''
import pytest

@pytest.mark.points(2)
def test_add(exercise):
    assert exercise.add(2, 3) == 5, "add(2, 3) should be 5"

@pytest.mark.points(1)
def test_sub(exercise):
    assert exercise.sub(5, 3) == 2, "sub(5, 3) should be 2"

@pytest.mark.points(1)
def test_unrelated():
    assert True
'''


def grade(pytester, demo_source, *args):
    pytester.makepyfile(test_demo=GRADER)
    target = pytester.mkdir("target")
    if demo_source is not None:
        (target / "demo.py").write_text(textwrap.dedent(demo_source))
    out = pytester.path / "score.json"
    result = pytester.runpytest_subprocess("--target", str(target), "--score-json", str(out), *args)
    return result, json.loads(out.read_text())


def by_name(report):
    return {t["name"]: t for t in report["exercises"]["demo"]["tests"]}


def test_full_marks(pytester):
    result, report = grade(pytester, "def add(a, b): return a + b\ndef sub(a, b): return a - b\n")
    assert (report["earned"], report["possible"]) == (4, 4)
    result.stdout.fnmatch_lines(["*conclab score*", "demo*4 / 4*"])


def test_wrong_answer_costs_that_test_only(pytester):
    _, report = grade(pytester, "def add(a, b): return a - b\ndef sub(a, b): return a - b\n")
    tests = by_name(report)
    assert tests["test_add"]["outcome"] == "failed"
    assert tests["test_add"]["message"] == "add(2, 3) should be 5"
    assert report["earned"] == 2


def test_missing_function_names_file_and_function(pytester):
    _, report = grade(pytester, "def add(a, b): return a + b\n")
    tests = by_name(report)
    assert tests["test_add"]["outcome"] == "passed"
    assert "demo.py has no `sub`" in tests["test_sub"]["message"]


def test_syntax_error_fails_only_tests_that_need_the_module(pytester):
    _, report = grade(pytester, "def add(a, b)\n    return a + b\n")
    tests = by_name(report)
    assert "syntax error at line 1" in tests["test_add"]["message"]
    assert tests["test_unrelated"]["outcome"] == "passed"


def test_missing_file_is_explained(pytester):
    _, report = grade(pytester, None)
    assert "no file named demo.py" in by_name(report)["test_add"]["message"]


def test_exit_at_import_is_a_load_error(pytester):
    _, report = grade(pytester, "import sys\nsys.exit(3)\n")
    assert "raised SystemExit" in by_name(report)["test_add"]["message"]
    assert report["earned"] == 1


def test_not_implemented_says_which_function(pytester):
    _, report = grade(pytester, "def add(a, b):\n    raise NotImplementedError\n"
                                "def sub(a, b): return a - b\n")
    assert by_name(report)["test_add"]["message"].startswith("add() is not implemented yet")


def test_a_hang_costs_one_test(pytester):
    _, report = grade(pytester, "import time\ndef add(a, b):\n    time.sleep(60)\n"
                                "def sub(a, b): return a - b\n", "--timeout", "1")
    tests = by_name(report)
    assert tests["test_add"]["outcome"] == "failed"
    assert "Timeout" in tests["test_add"]["message"]
    assert tests["test_sub"]["outcome"] == "passed"


@pytest.mark.timeout(30)
def test_a_thread_that_never_ends_does_not_hang_the_run(pytester):
    result, report = grade(pytester, """
        import threading, time
        def add(a, b):
            threading.Thread(target=time.sleep, args=(3600,)).start()
            return a + b
        def sub(a, b): return a - b
    """)
    assert report["earned"] == 4
    assert "still running" in result.stderr.str()


def test_processes_left_behind_are_killed(pytester):
    pidfile = pytester.path / "pid.txt"
    grade(pytester, f"""
        import subprocess, sys
        def add(a, b):
            p = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(3600)"])
            open({str(pidfile)!r}, "w").write(str(p.pid))
            return a + b
        def sub(a, b): return a - b
    """)
    from conclab import reap
    assert not reap.alive(int(pidfile.read_text()))


def test_skipped_tests_are_left_out_of_possible(pytester):
    pytester.makepyfile(test_demo='''
        import pytest
        @pytest.mark.points(3)
        def test_speedup(exercise):
            pytest.skip("needs 2 cores")
        @pytest.mark.points(1)
        def test_value(exercise):
            assert exercise.add(1, 1) == 2
    ''')
    target = pytester.mkdir("target")
    (target / "demo.py").write_text("def add(a, b): return a + b\n")
    out = pytester.path / "s.json"
    pytester.runpytest_subprocess("--target", str(target), "--score-json", str(out))
    report = json.loads(out.read_text())
    assert (report["earned"], report["possible"]) == (1, 1)
    assert by_name(report)["test_speedup"]["message"] == "needs 2 cores"


def test_deselected_tests_are_not_scored(pytester):
    pytester.makepyfile(test_demo='''
        import pytest
        @pytest.mark.points(3)
        @pytest.mark.timing
        def test_speedup(exercise):
            pass
        @pytest.mark.points(1)
        def test_value(exercise):
            assert exercise.add(1, 1) == 2
    ''')
    target = pytester.mkdir("target")
    (target / "demo.py").write_text("def add(a, b): return a + b\n")
    for marks, expected in (("not timing", (1, 1)), ("timing", (3, 3))):
        out = pytester.path / "s.json"
        pytester.runpytest_subprocess("--target", str(target), "--score-json", str(out), "-m", marks)
        report = json.loads(out.read_text())
        assert (report["earned"], report["possible"]) == expected, marks


def test_a_test_that_never_reports_earns_nothing():
    from conclab.score import Scoreboard, TestResult
    board = Scoreboard("t")
    board.results["a"] = TestResult("a", "a", "demo", 2)
    data = board.to_dict()
    assert (data["earned"], data["possible"]) == (0, 2)


def test_a_raw_thread_does_not_break_cleanup(pytester):
    # _thread.start_new_thread + current_thread() leaves a _DummyThread in
    # threading.enumerate(); the cleanup after the test must not join it.
    pytester.makepyfile(test_demo='''
        import _thread, threading, time
        import pytest
        @pytest.mark.points(1)
        def test_raw(exercise):
            done = threading.Event()
            def body():
                threading.current_thread()
                done.set()
                time.sleep(0.2)
            _thread.start_new_thread(body, ())
            assert done.wait(2)
            assert exercise.add(1, 1) == 2
    ''')
    target = pytester.mkdir("target")
    (target / "demo.py").write_text("def add(a, b): return a + b\n")
    out = pytester.path / "s.json"
    result = pytester.runpytest_subprocess("--target", str(target), "--score-json", str(out))
    report = json.loads(out.read_text())
    assert (report["earned"], report["possible"]) == (1, 1), result.stdout.str()[-2000:]

"""Stubs are generated from the solutions, and the committed ones are fresh."""
import pytest

from conclab import build, catalog


def test_committed_generated_files_are_fresh():
    stale = build.build(check=True)
    assert not stale, f"run `conclab build`: stale generated files {stale}"


def test_cli_check_passes_on_a_fresh_tree():
    from conclab.cli import main
    assert main(["build", "--check"]) == 0


def test_region_becomes_not_implemented_and_keeps_the_rest():
    source = (
        "import threading\n"
        "lock = threading.Lock()\n\n"
        "def f(x):\n"
        '    """Contract."""\n'
        "    ### BEGIN SOLUTION\n"
        "    with lock:\n"
        "        return x + 1\n"
        "    ### END SOLUTION\n"
    )
    stub = build.make_stub(source)
    assert "lock = threading.Lock()" in stub
    assert '"""Contract."""' in stub
    assert "    raise NotImplementedError\n" in stub
    assert "return x + 1" not in stub
    compile(stub, "<stub>", "exec")


@pytest.mark.parametrize("source, error", [
    ("### BEGIN SOLUTION\nx = 1\n### END SOLUTION\n", "inside a function"),
    ("def f():\n    ### BEGIN SOLUTION\n    pass\n", "never closed"),
    ("def f():\n    ### END SOLUTION\n", "without BEGIN"),
    ("def f():\n    ### BEGIN SOLUTION\n    ### BEGIN SOLUTION\n", "inside another"),
])
def test_malformed_markers_are_rejected(source, error):
    with pytest.raises(build.BuildError, match=error):
        build.make_stub(source)


def test_every_stub_has_the_header_and_imports():
    for ex in catalog.exercises():
        text = ex.stub.read_text()
        assert text.startswith("# Your file:"), ex.stub
        assert f"solutions/{ex.part}/{ex.slug}.py" in text.splitlines()[0]
        compile(text, str(ex.stub), "exec")

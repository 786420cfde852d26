import pytest

@pytest.mark.points(2)
def test_balance_zero(exercise):
    assert exercise.run_bank([5, 8], 1000) == 0, "balance drifted"

@pytest.mark.points(1)
def test_missing(exercise):
    exercise.nope

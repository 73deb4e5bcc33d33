import os

STATE = os.path.join(os.path.dirname(os.path.abspath(__file__)), ".first-attempt-done")


def test_fails_the_first_time_only():
    if not os.path.exists(STATE):
        open(STATE, "w").close()
        assert False, "first attempt fails"


def test_always_fails():
    assert 1 == 2


def test_passes():
    assert True

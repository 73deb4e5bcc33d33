import pytest


@pytest.mark.serial
def test_shared_state():
    assert True


def test_plain():
    assert True

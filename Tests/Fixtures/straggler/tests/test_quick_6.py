import time


def test_quick_a():
    time.sleep(0.05)


def test_quick_b():
    assert 1 + 1 == 2

import time


def test_fine_6_a():
    time.sleep(0.2)


def test_fine_6_b():
    pass

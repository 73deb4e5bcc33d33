import time


def test_fine_5_a():
    time.sleep(0.2)


def test_fine_5_b():
    pass

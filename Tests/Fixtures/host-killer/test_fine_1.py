import time


def test_fine_1_a():
    time.sleep(0.2)


def test_fine_1_b():
    pass

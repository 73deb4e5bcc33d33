import time


def test_fine_3_a():
    time.sleep(0.2)


def test_fine_3_b():
    pass

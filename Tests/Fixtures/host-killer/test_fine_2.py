import time


def test_fine_2_a():
    time.sleep(0.2)


def test_fine_2_b():
    pass

import time


def test_fine_4_a():
    time.sleep(0.2)


def test_fine_4_b():
    pass

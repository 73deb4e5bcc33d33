import time


def test_one():
    time.sleep(0.2)


def test_two():
    time.sleep(0.2)

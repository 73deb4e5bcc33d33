import time


def test_never_ends():
    time.sleep(600)

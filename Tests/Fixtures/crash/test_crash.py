import os
import signal


def test_before_crash():
    assert True


def test_segfault():
    os.kill(os.getpid(), signal.SIGSEGV)


def test_after_crash():
    # Runs only because Fanout sends what a crashed process never reached back to the queue.
    assert True


def test_after_crash_fails():
    assert 1 == 2

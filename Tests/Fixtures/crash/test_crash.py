import os
import signal


def test_before_crash():
    assert True


def test_segfault():
    os.kill(os.getpid(), signal.SIGSEGV)

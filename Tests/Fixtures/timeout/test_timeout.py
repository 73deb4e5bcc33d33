import threading
import time


def helper_thread_waits():
    time.sleep(600)


def test_before():
    assert True


def test_stuck():
    threading.Thread(target=helper_thread_waits, daemon=True).start()
    time.sleep(600)


def test_after():
    assert True

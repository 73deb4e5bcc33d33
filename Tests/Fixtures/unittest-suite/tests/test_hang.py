import threading
import time
import unittest


def helper_thread_waits():
    time.sleep(600)


class Hang(unittest.TestCase):
    def test_a_before(self):
        pass

    def test_b_hangs(self):
        threading.Thread(target=helper_thread_waits, daemon=True).start()
        time.sleep(600)

    def test_c_after(self):
        # Runs only because Fanout sends what the stopped process never reached back to the queue.
        pass

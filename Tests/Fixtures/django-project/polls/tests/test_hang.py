import threading
import time

from django.test import SimpleTestCase, tag


def helper_thread_waits():
    time.sleep(600)


@tag("hang")
class HangTests(SimpleTestCase):
    def test_a_before(self):
        pass

    def test_b_hangs(self):
        threading.Thread(target=helper_thread_waits, daemon=True).start()
        time.sleep(600)

    def test_c_after(self):
        pass

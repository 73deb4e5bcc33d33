import os

from django.test import SimpleTestCase, tag


@tag("crash")
class CrashTests(SimpleTestCase):
    def test_a_before(self):
        pass

    def test_b_aborts(self):
        os.abort()

    def test_c_after(self):
        # Runs only because Fanout sends what the crashed process never reached back to the queue.
        pass

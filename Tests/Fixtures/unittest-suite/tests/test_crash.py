import os
import unittest


class Crash(unittest.TestCase):
    def test_a_before(self):
        pass

    def test_b_aborts(self):
        os.abort()

    def test_c_after(self):
        pass

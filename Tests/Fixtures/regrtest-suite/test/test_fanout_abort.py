import os
import unittest


class Aborts(unittest.TestCase):
    def test_a_before(self):
        pass

    def test_b_aborts(self):
        # The interpreter dies as a segfaulting extension would; regrtest without -j dies with it.
        os.abort()

    def test_c_after(self):
        pass

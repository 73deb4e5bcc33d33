import unittest


class NotDiscovered(unittest.TestCase):
    def test_not_found_by_discover(self):
        pass

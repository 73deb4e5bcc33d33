import unittest


class Second(unittest.TestCase):
    def test_three(self):
        pass

import unittest

from test import support


class Resources(unittest.TestCase):
    def test_needs_cpu(self):
        support.requires("cpu")

    def test_plain(self):
        pass

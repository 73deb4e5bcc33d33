import unittest

from test import support

support.requires("network")


class NeedsNetwork(unittest.TestCase):
    def test_connects(self):
        pass

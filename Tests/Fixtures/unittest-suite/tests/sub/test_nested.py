import unittest


class Nested(unittest.TestCase):
    def test_in_a_subpackage(self):
        self.assertIn("sub", __name__)


class Dropped(unittest.TestCase):
    def test_left_out_by_load_tests(self):
        self.fail("load_tests leaves this class out")


def load_tests(loader, tests, pattern):
    # The load_tests protocol decides what this module runs.
    return loader.loadTestsFromTestCase(Nested)

import doctest
import unittest


def doubled(number):
    """
    >>> doubled(2)
    4
    """
    return number * 2


class Outcomes(unittest.TestCase):
    def test_passes(self):
        print("captured output")

    def test_fails(self):
        self.assertEqual(1, 2)

    def test_errors(self):
        raise RuntimeError("broken on purpose")

    @unittest.skip("not today")
    def test_skipped(self):
        pass

    @unittest.expectedFailure
    def test_expected_failure(self):
        self.assertEqual(1, 2)

    @unittest.expectedFailure
    def test_unexpected_success(self):
        pass

    def test_subtests(self):
        for number in range(3):
            with self.subTest(number=number):
                self.assertLess(number, 1)


class BrokenFixture(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        raise ValueError("class fixture broken")

    def test_never_runs(self):
        pass


def load_tests(loader, tests, pattern):
    # The doctest twice, as test_json loads its doctests once per implementation: regrtest counts both.
    tests.addTests(doctest.DocTestSuite())
    tests.addTests(doctest.DocTestSuite())
    return tests

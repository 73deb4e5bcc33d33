import sys
import unittest


class Outcomes(unittest.TestCase):
    def test_passes(self):
        print("captured output")
        self.assertEqual(1 + 1, 2)

    def test_fails(self):
        self.assertEqual("left", "right")

    def test_errors(self):
        raise RuntimeError("boom")

    @unittest.skip("not today")
    def test_skipped(self):
        pass

    @unittest.expectedFailure
    def test_expected_failure(self):
        self.assertTrue(False)

    @unittest.expectedFailure
    def test_unexpected_success(self):
        pass

    def test_subtests(self):
        for number in range(3):
            with self.subTest(number=number):
                self.assertNotEqual(number, 1)


@unittest.skip("whole class skipped")
class SkippedClass(unittest.TestCase):
    def test_never_runs(self):
        pass


class BrokenClassSetup(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        raise ValueError("class setup broke")

    def test_would_pass(self):
        pass


class SharedFixture(unittest.TestCase):
    calls = []

    @classmethod
    def setUpClass(cls):
        cls.calls.append("setup")

    def test_one(self):
        self.assertEqual(self.calls, ["setup"])

    def test_two(self):
        self.assertEqual(self.calls, ["setup"])

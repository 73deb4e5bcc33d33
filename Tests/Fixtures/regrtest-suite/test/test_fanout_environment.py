import os
import unittest


class ChangesEnvironment(unittest.TestCase):
    def test_leaves_a_variable(self):
        os.environ["FANOUT_LEFT_BEHIND"] = "1"

import unittest

import leakcheck


class LeakTest(leakcheck.LeakChecks, unittest.TestCase):
    MARK = "1"

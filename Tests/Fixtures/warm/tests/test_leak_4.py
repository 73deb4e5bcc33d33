import os
import sys
import unittest

import warmed


class LeakTest(unittest.TestCase):
    """A TestCase, so that pytest and unittest (`--adapter unittest`) both run it."""

    def test_sees_a_clean_world(self):
        # Every batch starts from the warm worker's state, never from what an earlier batch left behind.
        self.assertIsNone(warmed.state["touched_by"])
        self.assertNotIn("FANOUT_LEAK", os.environ)
        self.assertNotIn("leaked_module", sys.modules)
        warmed.state["touched_by"] = "4"
        os.environ["FANOUT_LEAK"] = "4"
        sys.modules["leaked_module"] = sys

    def test_records_its_process(self):
        with open(os.path.join(os.path.dirname(warmed.__file__), ".batches.log"), "a") as log:
            with open("/proc/%d/stat" % os.getppid()) as stat:
                grandparent = int(stat.read().rsplit(")", 1)[1].split()[1])
            log.write("%d %d %d\n" % (os.getpid(), os.getppid(), grandparent))

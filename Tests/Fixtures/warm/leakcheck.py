"""What every file of this fixture checks and records; each file runs in a batch of its own."""
import os
import sys

import warmed


class LeakChecks:
    """Mixed into each file's TestCase (so that pytest and unittest, `--adapter unittest`, both run it); `MARK`
    names the file in what it leaks."""

    MARK = None

    def test_sees_a_clean_world(self):
        # Every batch starts from the warm worker's state, never from what an earlier batch left behind.
        self.assertIsNone(warmed.state["touched_by"])
        self.assertNotIn("FANOUT_LEAK", os.environ)
        self.assertNotIn("leaked_module", sys.modules)
        warmed.state["touched_by"] = self.MARK
        os.environ["FANOUT_LEAK"] = self.MARK
        sys.modules["leaked_module"] = sys

    def test_records_its_process(self):
        with open(os.path.join(os.path.dirname(warmed.__file__), ".batches.log"), "a") as log:
            with open("/proc/%d/stat" % os.getppid()) as stat:
                grandparent = int(stat.read().rsplit(")", 1)[1].split()[1])
            log.write("%d %d %d\n" % (os.getpid(), os.getppid(), grandparent))

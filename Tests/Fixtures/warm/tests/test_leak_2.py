import os
import sys

import warmed


def test_sees_a_clean_world():
    # Every batch starts from the warm worker's state, never from what an earlier batch left behind.
    assert warmed.state["touched_by"] is None
    assert "FANOUT_LEAK" not in os.environ
    assert "leaked_module" not in sys.modules
    warmed.state["touched_by"] = "2"
    os.environ["FANOUT_LEAK"] = "2"
    sys.modules["leaked_module"] = sys


def test_records_its_process():
    with open(os.path.join(os.path.dirname(warmed.__file__), ".batches.log"), "a") as log:
        with open("/proc/%d/stat" % os.getppid()) as stat:
            grandparent = int(stat.read().rsplit(")", 1)[1].split()[1])
        log.write("%d %d %d\n" % (os.getpid(), os.getppid(), grandparent))

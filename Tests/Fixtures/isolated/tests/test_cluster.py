import os
import signal
import time

import pytest

ran_here = 0


def agent_pid():
    """The fanout-agent this test runs under: its parent when cold, its grandparent when forked warm."""
    pid = os.getppid()
    while pid > 1:
        with open("/proc/%d/comm" % pid) as comm:
            if comm.read().strip() == "fanout-agent":
                return pid
        with open("/proc/%d/stat" % pid) as stat:
            pid = int(stat.read().rsplit(")", 1)[1].split()[1])
    raise RuntimeError("not running under a fanout-agent")


@pytest.mark.parametrize("n", range(12))
def test_node(n):
    global ran_here
    ran_here += 1
    # A file kill-agent-on naming a host (h2): the agent there dies during its second test here, as a lost
    # host would. The file travels with the workspace to every host.
    if os.path.exists("kill-agent-on") and open("kill-agent-on").read().strip() == os.environ.get("FANOUT_HOST") \
            and ran_here == 2:
        os.kill(agent_pid(), signal.SIGKILL)
        os.killpg(0, signal.SIGKILL)
    time.sleep(0.3)

import os
import signal
import time


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


def test_reported_before_the_kill():
    pass


def test_takes_its_host_down():
    # Whatever host runs this dies with it, as if the test exhausted its memory or rebooted it. It runs a
    # moment first, as such a test does: results still in the agent's pipe when the agent dies are lost with
    # it, and a kill within milliseconds of the previous test's end could be blamed on that test instead.
    time.sleep(1)
    os.kill(agent_pid(), signal.SIGKILL)
    os.killpg(0, signal.SIGKILL)

import os
import subprocess
import sys
import time


def test_hangs_with_a_child_process():
    # A grandchild of the batch: stopping the run must reach it too (whole process group).
    token = os.environ["FANOUT_HANG_TOKEN"]
    subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)", token])
    with open(os.environ["FANOUT_HANG_MARKER"], "w") as marker:
        marker.write(os.environ.get("FANOUT_WORKER", "?"))
    time.sleep(300)

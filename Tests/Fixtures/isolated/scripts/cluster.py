"""Stands in for a shared resource's setup and teardown: logs when each ran (start and end, wall clock).

The log is .cluster/log in the workspace, one line per command: `<kind> <scope> <start> <end>`.
FANOUT_FAIL_SETUP=1 makes the setup fail, as a broken resource would.
"""

import os
import sys
import time

kind = sys.argv[1]
workspace = os.environ.get("FANOUT_WORKSPACE", ".")
scope = os.environ.get("FANOUT_ISOLATED_SCOPE", "?")
os.makedirs(os.path.join(workspace, ".cluster"), exist_ok=True)
start = time.time()
if kind == "setup" and os.environ.get("FANOUT_FAIL_SETUP") == "1":
    print("cluster: cannot start, port 5432 is taken", file=sys.stderr)
    sys.exit(3)
time.sleep(0.3)
with open(os.path.join(workspace, ".cluster", "log"), "a") as log:
    log.write(f"{kind} {scope} {start:.6f} {time.time():.6f}\n")

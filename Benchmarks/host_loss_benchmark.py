#!/usr/bin/env python3
"""What losing a host costs, over the namespace test hosts (Deploy/testhosts.sh up 3), 3 hosts x 2 slots:

  - baseline: a sleep-bound suite (36 files x 1.5 s) with every host up;
  - cut: 5 s into the run, h2's link goes down (packets dropped, no reset): only the heartbeat timeout can
    tell; measures the time from the cut to fanout's "host h2 lost" line;
  - killed: 5 s into the run, h2's agent is killed (SIGKILL): its SSH channel closes at once.

Side by side in interleaved rounds; prints median wall per kind, the extra wall over the baseline, and the
detection time. The ideal extra wall after losing a third of the slots at 5 s is computed for reference.

    python3 Benchmarks/host_loss_benchmark.py [--fanout .build/release/fanout] [--rounds 3]
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STATE = os.environ.get("FANOUT_TESTHOSTS_DIR", "/var/lib/fanout-testhosts")
SSH_CONFIG = os.path.join(STATE, "ssh_config")
FILES = 36
SECONDS = 1.5
FAULT_AT = 5.0


def make_suite(base):
    workspace = os.path.join(base, "suite")
    os.makedirs(os.path.join(workspace, "tests"))
    with open(os.path.join(workspace, "pytest.ini"), "w") as handle:
        handle.write("[pytest]\ntestpaths = tests\n")
    for index in range(FILES):
        with open(os.path.join(workspace, "tests", "test_sleep_%02d.py" % index), "w") as handle:
            handle.write("import time\n\ndef test_sleep():\n    time.sleep(%s)\n" % SECONDS)
    return workspace


def agent_pids_on(host):
    """PIDs of fanout agents on a namespace host (the hosts share this machine's PID namespace)."""
    out = subprocess.run(["ip", "netns", "pids", "fanout-" + host], capture_output=True, text=True).stdout
    pids = []
    for pid in out.split():
        try:
            with open("/proc/%s/comm" % pid) as comm:
                if comm.read().strip() == "fanout-agent":
                    pids.append(int(pid))
        except OSError:
            pass
    return pids


def run(args, workspace, fault):
    report = workspace + "-report.json"
    command = [args.fanout, "run", workspace, "-n", "2", "--ssh-config", SSH_CONFIG, "--hosts", "h1,h2,h3",
               "--agent", args.agent, "--python", sys.executable, "--json", report]
    started = time.time()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lost_at = []
    lines = []

    def read():
        for line in process.stdout:
            lines.append(line)
            if "host h2 lost" in line and not lost_at:
                lost_at.append(time.time())

    reader = threading.Thread(target=read)
    reader.start()
    fault_time = None
    if fault:
        time.sleep(FAULT_AT)
        fault_time = time.time()
        if fault == "cut":
            subprocess.run(["ip", "link", "set", "fo-h2", "down"], check=True)
        else:
            for pid in agent_pids_on("h2"):
                os.kill(pid, 9)
    process.wait()
    reader.join()
    wall = time.time() - started
    if fault == "cut":
        subprocess.run(["ip", "link", "set", "fo-h2", "up"], check=True)
    with open(report) as handle:
        result = json.load(handle)
    tests = [test["id"] for test in result["tests"]]
    if len(tests) != FILES or len(set(tests)) != FILES or process.returncode != 0:
        sys.exit("run with fault %s lost or doubled tests (%d results, exit %d):\n%s"
                 % (fault, len(tests), process.returncode, "".join(lines[-30:])))
    detection = lost_at[0] - fault_time if fault and lost_at else None
    return wall, detection


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--fanout", default=os.path.join(ROOT, ".build/release/fanout"))
    parser.add_argument("--agent", default=os.path.join(ROOT, ".build/release/fanout-agent"))
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    base = tempfile.mkdtemp(prefix="fanout-hostloss-")
    try:
        workspace = make_suite(base)
        run(args, workspace, None)  # history and agents in place, for every kind alike
        walls = {"baseline": [], "cut": [], "killed": []}
        detections = {"cut": [], "killed": []}
        for round_index in range(args.rounds):
            for kind in ["baseline", "cut", "killed"]:
                wall, detection = run(args, workspace, None if kind == "baseline" else kind)
                walls[kind].append(wall)
                if detection is not None:
                    detections[kind].append(detection)
                print("round %d %-8s wall %.2f s%s" % (
                    round_index + 1, kind, wall, "" if detection is None else ", lost after %.2f s" % detection),
                    flush=True)
        base_wall = statistics.median(walls["baseline"])
        work = FILES * SECONDS
        # Ideal: 6 slots until the fault, 4 after it, no overheads.
        ideal_base = work / 6
        ideal_fault = FAULT_AT + (work - 6 * FAULT_AT) / 4
        print("\n%d files x %.1f s on 3 hosts x 2 slots, fault at %.0f s, %d rounds (median):"
              % (FILES, SECONDS, FAULT_AT, args.rounds))
        print("  baseline            %.2f s (ideal %.2f s)" % (base_wall, ideal_base))
        for kind in ["cut", "killed"]:
            wall = statistics.median(walls[kind])
            print("  %-8s wall        %.2f s, +%.2f s over baseline (ideal +%.2f s from the lost slots alone)"
                  % (kind, wall, wall - base_wall, ideal_fault - ideal_base))
            print("  %-8s detected in %.2f s (min %.2f, max %.2f)" % (
                kind, statistics.median(detections[kind]), min(detections[kind]), max(detections[kind])))
    finally:
        subprocess.run(["ip", "link", "set", "fo-h2", "up"])
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()

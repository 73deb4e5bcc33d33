#!/usr/bin/env python3
"""Benchmarks of fan-out over SSH to the namespace test hosts (Deploy/testhosts.sh up 3):

  1. time from `fanout run` to the first test started on 3 hosts, cold (no agent or workspace on the hosts,
     no cached agent hash on the controller) and warm;
  2. incremental sync of one changed file in a 5,000-file workspace, side by side with plain rsync over
     OpenSSH to the same host;
  3. a sleep-bound suite of 200 tests x 0.1-2 s on 3 hosts x 4 slots, against its lower bound
     max(total / slots, longest file).

    python3 Benchmarks/ssh_benchmark.py [--fanout .build/release/fanout] [--agent .build/release/fanout-agent]
"""
import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STATE = os.environ.get("FANOUT_TESTHOSTS_DIR", "/var/lib/fanout-testhosts")
SSH_CONFIG = os.path.join(STATE, "ssh_config")
HOSTS = ["h1", "h2", "h3"]


def ssh(host, command):
    return subprocess.run(["ssh", "-n", "-F", SSH_CONFIG, "-o", "BatchMode=yes", host, command],
                          capture_output=True, text=True, check=True).stdout


def fanout(args, workspace, hosts, extra=()):
    report = workspace.rstrip("/") + "-report.json"  # outside the workspace, so it is never synced
    started = time.time()
    result = subprocess.run(
        [args.fanout, "run", workspace, "--ssh-config", SSH_CONFIG, "--hosts", ",".join(hosts), "--agent", args.agent,
         "--python", sys.executable, "--json", report, *extra], capture_output=True, text=True)
    wall = time.time() - started
    if result.returncode not in (0, 1):
        sys.exit("fanout failed (%d):\n%s\n%s" % (result.returncode, result.stdout[-2000:], result.stderr[-2000:]))
    with open(report) as handle:
        return json.load(handle), result.stdout, wall


def first_test_delay(report):
    return min(test["startedAt"] for test in report["tests"] if test.get("startedAt")) - report["startedAt"]


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as handle:
        handle.write(text)


def bench_first_test(args, base):
    workspace = os.path.join(base, "first")
    shutil.copytree(os.path.join(ROOT, "Examples", "python-suite"), workspace,
                    ignore=shutil.ignore_patterns(".fanout", "__pycache__", ".pytest_cache"))
    cache = os.path.join(os.environ.get("XDG_CACHE_HOME", os.path.expanduser("~/.cache")), "fanout", "file-hashes.json")
    cold, warm = [], []
    for _ in range(args.rounds):
        for host in HOSTS:
            ssh(host, "rm -rf ~/.cache/fanout")
        if os.path.exists(cache):
            os.remove(cache)
        shutil.rmtree(os.path.join(workspace, ".fanout"), ignore_errors=True)
        report, _, _ = fanout(args, workspace, HOSTS)
        cold.append(first_test_delay(report))
        shutil.rmtree(os.path.join(workspace, ".fanout"), ignore_errors=True)
        report, _, _ = fanout(args, workspace, HOSTS)
        warm.append(first_test_delay(report))
    print("1. run start -> first test started, 3 hosts (median of %d)" % args.rounds)
    print("   cold (agent uploaded, workspace synced, agent hash computed): %.2fs  %s"
          % (statistics.median(cold), " ".join("%.2f" % v for v in cold)))
    print("   warm (agent cached, nothing to sync):                         %.2fs  %s"
          % (statistics.median(warm), " ".join("%.2f" % v for v in warm)))


def bench_sync(args, base):
    workspace = os.path.join(base, "big")
    rng = random.Random(5000)
    for index in range(5000):
        write(os.path.join(workspace, "data", "d%02d" % (index % 50), "f%04d.txt" % index),
              "".join(rng.choice("abcdefghij\n") for _ in range(4200)))
    write(os.path.join(workspace, "tests", "test_one.py"), "def test_one():\n    assert True\n")
    write(os.path.join(workspace, "pytest.ini"), "[pytest]\ntestpaths = tests\n")
    ssh("h1", "rm -rf ~/.cache/fanout/workspaces /root/bench-openssh")

    def fanout_sync():
        _, out, _ = fanout(args, workspace, ["h1"])
        match = re.search(r"h1: agent \w+, synced (\d+) files \((\d+) bytes\) in ([0-9.]+)s", out)
        return int(match.group(1)), float(match.group(3))

    def openssh_sync():
        started = time.time()
        subprocess.run(["rsync", "--archive", "--delete", "-e", "ssh -F %s" % SSH_CONFIG, workspace + "/",
                        "h1:/root/bench-openssh/"], check=True, capture_output=True)
        return time.time() - started

    full_files, full_fanout = fanout_sync()
    full_openssh = openssh_sync()
    incremental_fanout, incremental_openssh, noop_fanout, noop_openssh = [], [], [], []
    for round_index in range(args.rounds):
        write(os.path.join(workspace, "data", "d07", "f0007.txt"), "changed %d\n" % round_index)
        files, seconds = fanout_sync()
        assert files == 1, files
        incremental_fanout.append(seconds)
        incremental_openssh.append(openssh_sync())
        noop_fanout.append(fanout_sync()[1])
        noop_openssh.append(openssh_sync())
    size = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(workspace) for f in fs)
    print("2. workspace sync, %d files (%.1f MB), to h1 (median of %d)" % (full_files, size / 1e6, args.rounds))
    print("   %-22s %10s %10s %8s" % ("", "fanout", "openssh", "ratio"))
    for label, ours, theirs in (("full", [full_fanout], [full_openssh]),
                                ("one file changed", incremental_fanout, incremental_openssh),
                                ("nothing changed", noop_fanout, noop_openssh)):
        a, b = statistics.median(ours), statistics.median(theirs)
        print("   %-22s %9.3fs %9.3fs %8.2f" % (label, a, b, a / b))


def bench_sleepy(args, base):
    workspace = os.path.join(base, "sleepy")
    rng = random.Random(200)
    durations = [round(rng.uniform(0.1, 2.0), 3) for _ in range(200)]
    per_file = {}
    for index, seconds in enumerate(durations):
        per_file.setdefault(index // 5, []).append(seconds)
    for file_index, values in per_file.items():
        body = "import time\n\n" + "".join("def test_%d():\n    time.sleep(%s)\n\n" % (n, v) for n, v in enumerate(values))
        write(os.path.join(workspace, "tests", "test_sleep_%02d.py" % file_index), body)
    write(os.path.join(workspace, "pytest.ini"), "[pytest]\ntestpaths = tests\n")
    slots = 12
    total = sum(durations)
    bound = max(total / slots, max(sum(v) for v in per_file.values()))
    print("3. sleep-bound suite: 200 tests, %.1fs of sleep in 40 files, 3 hosts x 4 slots; lower bound %.2fs"
          % (total, bound))
    print("   %-16s %8s %12s %10s %12s" % ("run", "wall", "test phase", "wall/bound", "phase/bound"))
    for run in range(1 + args.rounds):
        report, _, wall = fanout(args, workspace, HOSTS, extra=("-n", "4"))
        starts = [t["startedAt"] for t in report["tests"]]
        ends = [t["startedAt"] + t["duration"] for t in report["tests"]]
        phase = max(ends) - min(starts)
        label = "no history" if run == 0 else "history #%d" % run
        print("   %-16s %7.2fs %11.2fs %10.2f %12.2f" % (label, wall, phase, wall / bound, phase / bound))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fanout", default=os.path.join(ROOT, ".build", "release", "fanout"))
    parser.add_argument("--agent", default=os.path.join(ROOT, ".build", "release", "fanout-agent"))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", help="comma-separated: first,sync,sleepy")
    args = parser.parse_args()
    for path in (args.fanout, args.agent, SSH_CONFIG):
        if not os.path.exists(path):
            sys.exit("missing %s (build with swift build -c release; Deploy/testhosts.sh up 3)" % path)
    only = set(args.only.split(",")) if args.only else {"first", "sync", "sleepy"}
    base = tempfile.mkdtemp(prefix="fanout-ssh-bench-")
    try:
        if "first" in only:
            bench_first_test(args, base)
        if "sync" in only:
            bench_sync(args, base)
        if "sleepy" in only:
            bench_sleepy(args, base)
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Fanout against the usual ways of spreading a suite, for real, over the namespace test hosts
(Deploy/testhosts.sh up 3), 3 hosts x 2 slots = 6 workers, on a sleep-bound, heavy-tailed suite:

  fanout, no history   `fanout run` with its history removed first
  fanout, history      `fanout run` with the history of the previous runs
  xdist load           pytest-xdist `--dist load` over SSH (`--tx 2*ssh=h1 ...`, its own rsync), no history
  round-robin          files i, i+6, ... on worker i: one `pytest FILES` per worker over ssh, in parallel
  pytest-split         pytest-split's least_duration algorithm, `--splits 6 --group k` per worker over ssh,
                       with the true test durations in .test_durations

The static rows run in the workspace copy fanout already synced (their sync is free), over OpenSSH.
Wall seconds are medians of interleaved rounds; the lower bound is total sleep / 6.

    python3 -m pip install pytest-xdist pytest-split
    python3 Benchmarks/ssh_baselines.py [--rounds 3]
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

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ssh_benchmark import HOSTS, ROOT, SSH_CONFIG, fanout, write  # noqa: E402

SLOTS_PER_HOST = 2
WORKERS = [(host, slot) for host in HOSTS for slot in range(SLOTS_PER_HOST)]


def make_suite(workspace):
    """40 files of 2-9 tests; durations heavy-tailed (lognormal, capped at 6 s), about 100 s in all."""
    rng = random.Random(4)
    durations = {}
    for file_index in range(40):
        path = "tests/test_work_%02d.py" % file_index
        values = [round(min(6.0, rng.lognormvariate(-1.3, 1.0)), 3) for _ in range(rng.randint(2, 9))]
        body = "import time\n\n" + "".join("def test_%d():\n    time.sleep(%s)\n\n" % (n, v) for n, v in enumerate(values))
        write(os.path.join(workspace, path), body)
        for n, value in enumerate(values):
            durations["%s::test_%d" % (path, n)] = value
    write(os.path.join(workspace, "pytest.ini"), "[pytest]\ntestpaths = tests\n")
    # What pytest-split would have stored with --store-durations; fanout never reads it.
    write(os.path.join(workspace, ".test_durations"), json.dumps(durations, indent=1, sort_keys=True))
    return durations


def parallel_ssh(commands):
    """Runs (host, command) pairs at once; returns the wall seconds until the last one ends."""
    started = time.time()
    processes = [subprocess.Popen(["ssh", "-n", "-F", SSH_CONFIG, "-o", "BatchMode=yes", host, command],
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
                 for host, command in commands]
    for process in processes:
        output, _ = process.communicate()
        if process.returncode not in (0, 1):
            sys.exit("a baseline worker failed (%d):\n%s" % (process.returncode, output[-3000:]))
    return time.time() - started


def pytest_command(remote_workspace, args):
    return "cd %s && %s -m pytest -q -p no:cacheprovider %s" % (remote_workspace, sys.executable, " ".join(args))


def round_robin(remote_workspace, files):
    lists = [files[index::len(WORKERS)] for index in range(len(WORKERS))]
    return parallel_ssh([(WORKERS[index][0], pytest_command(remote_workspace, chunk))
                         for index, chunk in enumerate(lists) if chunk])


def pytest_split(remote_workspace):
    return parallel_ssh([
        (host, pytest_command(remote_workspace, ["--splits", str(len(WORKERS)), "--group", str(index + 1),
                                                 "--splitting-algorithm", "least_duration",
                                                 "--durations-path", ".test_durations"]))
        for index, (host, _) in enumerate(WORKERS)])


def xdist_load(workspace):
    specs = []
    for host in HOSTS:
        specs += ["--tx", "%d*ssh=%s//ssh_config=%s//python=%s//chdir=/tmp/fanout-xdist-bench"
                  % (SLOTS_PER_HOST, host, SSH_CONFIG, sys.executable)]
    started = time.time()
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-d", "--dist", "load",
                             "--rsyncdir", os.path.join(workspace, "tests"), *specs, os.path.join(workspace, "tests")],
                            cwd=workspace, capture_output=True, text=True)
    if result.returncode not in (0, 1):
        sys.exit("pytest-xdist failed (%d):\n%s" % (result.returncode, result.stdout[-3000:]))
    return time.time() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fanout", default=os.path.join(ROOT, ".build", "release", "fanout"))
    parser.add_argument("--agent", default=os.path.join(ROOT, ".build", "release", "fanout-agent"))
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    for module in ("xdist", "pytest_split"):
        if subprocess.run([sys.executable, "-c", "import " + module]).returncode != 0:
            sys.exit("needs %s: python3 -m pip install pytest-xdist pytest-split" % module)
    base = tempfile.mkdtemp(prefix="fanout-baselines-")
    workspace = os.path.join(base, "suite")
    try:
        durations = make_suite(workspace)
        files = sorted({test.split("::")[0] for test in durations})
        total = sum(durations.values())
        bound = max(total / len(WORKERS), max(durations.values()))
        print("sleep-bound suite: %d tests in %d files, %.1f s of sleep (longest test %.2f s); %d hosts x %d slots; "
              "lower bound %.2f s" % (len(durations), len(files), total, max(durations.values()), len(HOSTS),
                                      SLOTS_PER_HOST, bound))
        _, output, _ = fanout(args, workspace, HOSTS, extra=("-n", str(SLOTS_PER_HOST)))  # syncs, seeds history
        remote_workspace = re.search(r"into (\S+)", output).group(1)
        history = os.path.join(workspace, ".fanout")
        saved = base + "/history-saved"

        def fanout_fresh():
            shutil.rmtree(saved, ignore_errors=True)
            shutil.copytree(history, saved)
            shutil.rmtree(history)
            try:
                return fanout(args, workspace, HOSTS, extra=("-n", str(SLOTS_PER_HOST)))[2]
            finally:
                shutil.rmtree(history, ignore_errors=True)
                shutil.copytree(saved, history)

        rows = [
            ("fanout, no history", fanout_fresh),
            ("fanout, history", lambda: fanout(args, workspace, HOSTS, extra=("-n", str(SLOTS_PER_HOST)))[2]),
            ("xdist load", lambda: xdist_load(workspace)),
            ("round-robin", lambda: round_robin(remote_workspace, files)),
            ("pytest-split", lambda: pytest_split(remote_workspace)),
        ]
        walls = {label: [] for label, _ in rows}
        for round_index in range(args.rounds):
            for label, run in rows:
                walls[label].append(run())
            print("round %d: %s" % (round_index + 1, ", ".join("%s %.2f" % (name, walls[name][-1]) for name, _ in rows)),
                  flush=True)
        reference = statistics.median(walls["fanout, history"])
        print("\n| run | wall (median) | runs | / lower bound | / fanout, history |")
        print("|---|---|---|---|---|")
        for label, _ in rows:
            wall = statistics.median(walls[label])
            print("| %s | %.2f s | %s | %.2f | %.2f |" % (label, wall, ", ".join("%.2f" % w for w in walls[label]),
                                                         wall / bound, wall / reference))
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()

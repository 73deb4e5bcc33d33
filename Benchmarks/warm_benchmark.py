#!/usr/bin/env python3
"""Warm pytest workers (each batch a fork of a worker that imported pytest and its plugins once) against cold
ones (a new interpreter per batch), side by side with plain pytest and `pytest -n 2`, on 500 trivial files of
one test each, 2 slots.

Two measurements, interleaved over rounds:
  - whole runs on the 500 files with fanout's own batching (with history): wall seconds;
  - per-batch overhead with every file in its own batch (`--max-batch-files 1`) on the first 100 files: the
    batch's wall time minus its test's duration, as the agent measured it, averaged over the batches after
    each slot's first (the first one of a warm slot also pays the worker's warm-up, shown separately); with
    one slot (a batch has a core to itself) and with two (the two slots' batches, the agent and the controller
    share this machine's two cores).

    python3 -m pip install pytest-xdist
    swift build -c release && python3 Benchmarks/warm_benchmark.py [--rounds 3]
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def make_suite(workspace, files):
    os.makedirs(os.path.join(workspace, "tests"))
    with open(os.path.join(workspace, "pytest.ini"), "w") as handle:
        handle.write("[pytest]\ntestpaths = tests\n")
    for index in range(files):
        with open(os.path.join(workspace, "tests", "test_%03d.py" % index), "w") as handle:
            handle.write("def test_trivial():\n    assert %d == %d\n" % (index, index))


def timed(command, cwd):
    started = time.time()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit("%s failed (%d):\n%s\n%s" % (command[:3], result.returncode, result.stdout[-2000:],
                                              result.stderr[-2000:]))
    return time.time() - started


def fanout(args, workspace, extra, slots=2):
    report_path = workspace + "-report.json"
    wall = timed([args.fanout, "run", workspace, "-n", str(slots), "--python", sys.executable, "--json", report_path,
                  *extra], workspace)
    with open(report_path) as handle:
        report = json.load(handle)
    return wall, report


def per_batch(report):
    """Overheads of batches after each slot's first, and of each slot's first batch."""
    test_seconds = {}
    for test in report["tests"]:
        test_seconds[test["batch"]] = test_seconds.get(test["batch"], 0) + test["duration"]
    seen, later, first = set(), [], []
    for batch in sorted(report["batches"], key=lambda b: b["startedAt"]):
        worker = batch["worker"]
        overhead = batch["wall"] - test_seconds.get(batch["id"], 0)
        (later if worker in seen else first).append(overhead)
        seen.add(worker)
    return later, first


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fanout", default=os.path.join(ROOT, ".build", "release", "fanout"))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--files", type=int, default=500)
    parser.add_argument("--batch-files", type=int, default=100)
    args = parser.parse_args()
    if subprocess.run([sys.executable, "-c", "import xdist"]).returncode != 0:
        sys.exit("needs pytest-xdist: python3 -m pip install pytest-xdist")
    base = tempfile.mkdtemp(prefix="fanout-warm-bench-")
    try:
        spaces = {}
        for label, count in (("cold", args.files), ("warm", args.files), ("cold-1", args.batch_files),
                             ("warm-1", args.batch_files)):
            spaces[label] = os.path.join(base, label)
            make_suite(spaces[label], count)
        # Each fanout configuration keeps its own history; one run first so all schedule with history.
        fanout(args, spaces["cold"], ["--no-warm"])
        fanout(args, spaces["warm"], [])
        plain = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
        walls = {"pytest": [], "pytest -n 2": [], "fanout --no-warm": [], "fanout (warm)": []}
        overheads = {(mode, slots): ([], []) for slots in (1, 2) for mode in ("cold", "warm")}
        for _ in range(args.rounds):
            walls["pytest"].append(timed(plain, spaces["cold"]))
            walls["pytest -n 2"].append(timed(plain + ["-n", "2"], spaces["cold"]))
            walls["fanout --no-warm"].append(fanout(args, spaces["cold"], ["--no-warm"])[0])
            walls["fanout (warm)"].append(fanout(args, spaces["warm"], [])[0])
            for (mode, slots), (later, first) in overheads.items():
                extra = ["--no-warm"] if mode == "cold" else []
                report = fanout(args, spaces[mode + "-1"], extra + ["--max-batch-files", "1"], slots)[1]
                batch_later, batch_first = per_batch(report)
                later.extend(batch_later)
                first.extend(batch_first)
        print("%d one-test files, 2 slots, %d rounds (interleaved), median wall seconds\n" % (args.files, args.rounds))
        print("| run | wall | / pytest -n 2 |")
        print("|---|---|---|")
        reference = statistics.median(walls["pytest -n 2"])
        for label, values in walls.items():
            print("| %s | %.2f s | %.2f |" % (label, statistics.median(values), statistics.median(values) / reference))
        print("\nper-batch overhead, one file per batch, %d files (%d batches per run):\n" % (args.batch_files,
                                                                                             args.batch_files))
        print("| mode | slots | overhead per batch (mean) | median | slot's first batch (mean) |")
        print("|---|---|---|---|---|")
        for (mode, slots), (later, first) in sorted(overheads.items(), key=lambda item: (item[0][1], item[0][0])):
            print("| %s | %d | %.1f ms | %.1f ms | %.0f ms |" % (
                mode, slots, statistics.mean(later) * 1000, statistics.median(later) * 1000,
                statistics.mean(first) * 1000))
        for slots in (1, 2):
            print("\nwarm/cold per-batch overhead, %d slot%s: %.3f" % (
                slots, "s" if slots > 1 else "", statistics.mean(overheads[("warm", slots)][0])
                / statistics.mean(overheads[("cold", slots)][0])))
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()

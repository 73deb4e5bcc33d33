#!/usr/bin/env python3
"""Per-batch overhead of warm pytest workers (each batch a fork of a worker that imported pytest and its
plugins once) against cold ones (a new interpreter per batch), side by side, with plain pytest and
`pytest -n 2` on the same suite: 500 trivial files of one test each, 2 slots.

Per-batch overhead is what a batch costs beyond its tests' own time: the batch's wall time minus the
durations of its tests, from fanout's JSON report. Fitting overhead = fixed + per_file x files over all
batches splits it into the fixed cost of starting a batch and the cost of collecting one more file.

    python3 -m pip install pytest-xdist
    swift build -c release && python3 Benchmarks/warm_benchmark.py [--rounds 3] [--files 500]
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


def fanout(args, workspace, extra):
    report_path = workspace + "-report.json"
    wall = timed([args.fanout, "run", workspace, "-n", "2", "--python", sys.executable, "--json", report_path, *extra],
                 workspace)
    with open(report_path) as handle:
        report = json.load(handle)
    test_seconds, files = {}, {}
    for test in report["tests"]:
        test_seconds[test["batch"]] = test_seconds.get(test["batch"], 0) + test["duration"]
    for batch in report["batches"]:
        files[batch["id"]] = len(batch["scopes"])
    overheads = [(files[b["id"]], b["wall"] - test_seconds.get(b["id"], 0)) for b in report["batches"]]
    return wall, overheads


def fit(points):
    """Least squares overhead = fixed + per_file x files; with one batch size only, the mean as fixed."""
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    mean_x, mean_y = statistics.mean(xs), statistics.mean(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    if spread == 0:
        return mean_y, 0.0
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys)) / spread
    return mean_y - slope * mean_x, slope


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fanout", default=os.path.join(ROOT, ".build", "release", "fanout"))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--files", type=int, default=500)
    args = parser.parse_args()
    if subprocess.run([sys.executable, "-c", "import xdist"]).returncode != 0:
        sys.exit("needs pytest-xdist: python3 -m pip install pytest-xdist")
    base = tempfile.mkdtemp(prefix="fanout-warm-bench-")
    try:
        workspaces = {}
        for label in ("cold", "warm"):
            workspaces[label] = os.path.join(base, label)
            make_suite(workspaces[label], args.files)
        # Each fanout mode keeps its own history; one run first so both schedule with history.
        fanout(args, workspaces["cold"], ["--no-warm"])
        fanout(args, workspaces["warm"], [])
        plain = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
        walls = {"pytest": [], "pytest -n 2": [], "fanout --no-warm": [], "fanout (warm)": []}
        points = {"fanout --no-warm": [], "fanout (warm)": []}
        for _ in range(args.rounds):
            walls["pytest"].append(timed(plain, workspaces["cold"]))
            walls["pytest -n 2"].append(timed(plain + ["-n", "2"], workspaces["cold"]))
            for label, extra, workspace in (("fanout --no-warm", ["--no-warm"], workspaces["cold"]),
                                            ("fanout (warm)", [], workspaces["warm"])):
                wall, overheads = fanout(args, workspace, extra)
                walls[label].append(wall)
                points[label] += overheads
        print("%d one-test files, 2 slots, %d rounds (interleaved); wall seconds, median\n" % (args.files, args.rounds))
        print("| run | wall | batches per run | overhead per batch (mean) | fixed per batch (fit) | per file (fit) |")
        print("|---|---|---|---|---|---|")
        for label, values in walls.items():
            if label in points:
                fixed, per_file = fit(points[label])
                mean = statistics.mean(p[1] for p in points[label])
                print("| %s | %.2f s | %.1f | %.1f ms | %.1f ms | %.2f ms |" % (
                    label, statistics.median(values), len(points[label]) / args.rounds, mean * 1000, fixed * 1000,
                    per_file * 1000))
            else:
                print("| %s | %.2f s | | | | |" % (label, statistics.median(values)))
        cold_fixed, warm_fixed = fit(points["fanout --no-warm"])[0], fit(points["fanout (warm)"])[0]
        print("\nwarm/cold fixed cost per batch: %.3f; fanout warm / pytest -n 2 wall: %.2f" % (
            warm_fixed / cold_fixed, statistics.median(walls["fanout (warm)"]) / statistics.median(walls["pytest -n 2"])))
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Runs a unittest suite directly (unittest_outcomes.py: unittest's own loader and runner) and with
`fanout run --adapter unittest --json`, and compares the test ids and each outcome. Exits 0 when equal.

    compare_with_unittest.py WORKSPACE [--slots N] [--fanout PATH] [--modules NAME ...]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("workspace")
    parser.add_argument("--slots", type=int, default=2)
    parser.add_argument("--fanout", default=os.path.join(HERE, "..", "..", ".build", "release", "fanout"))
    parser.add_argument("--modules", nargs="*", default=[])
    args = parser.parse_args()
    started = time.time()
    direct = subprocess.run([sys.executable, os.path.join(HERE, "unittest_outcomes.py"), args.workspace]
                            + (["--modules", *args.modules] if args.modules else []),
                            capture_output=True, text=True)
    direct_wall = time.time() - started
    if direct.returncode != 0:
        sys.exit("the direct unittest run failed:\n" + direct.stderr[-3000:])
    expected = json.loads(direct.stdout)
    report_path = os.path.join(tempfile.mkdtemp(), "report.json")
    started = time.time()
    run = subprocess.run([args.fanout, "run", args.workspace, "--adapter", "unittest", "-n", str(args.slots),
                          "--json", report_path], capture_output=True, text=True)
    fanout_wall = time.time() - started
    if run.returncode not in (0, 1):
        sys.exit("fanout failed (%d):\n%s\n%s" % (run.returncode, run.stdout[-3000:], run.stderr[-3000:]))
    with open(report_path) as handle:
        actual = {test["id"]: test["outcome"] for test in json.load(handle)["tests"]}
    counts = {}
    for outcome in expected.values():
        counts[outcome] = counts.get(outcome, 0) + 1
    print("unittest directly: %d tests %s, %.1f s" % (len(expected), counts, direct_wall))
    print("fanout -n %d:      %d tests, %.1f s (exit %d)" % (args.slots, len(actual), fanout_wall, run.returncode))
    missing = sorted(set(expected) - set(actual))
    extra = sorted(set(actual) - set(expected))
    differ = sorted(t for t in set(expected) & set(actual) if expected[t] != actual[t])
    for label, ids in (("only in unittest", missing), ("only in fanout", extra)):
        for test in ids[:20]:
            print("%s: %s" % (label, test))
    for test in differ[:20]:
        print("outcome differs: %s: unittest %s, fanout %s" % (test, expected[test], actual[test]))
    print("EQUAL" if not (missing or extra or differ) else "DIFFERENT")
    sys.exit(0 if not (missing or extra or differ) else 1)


if __name__ == "__main__":
    main()

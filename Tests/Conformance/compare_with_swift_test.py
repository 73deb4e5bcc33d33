#!/usr/bin/env python3
"""Runs a Swift package's tests with `swift test` directly and with `fanout run --json`, and compares the test
ids (as `swift test list` prints them) and each outcome. Exits 0 when equal. Builds the tests first.

    compare_with_swift_test.py PACKAGE [--slots N] [--fanout PATH]

Direct outcomes: XCTest's from its console lines, Swift Testing's from its XUnit report (`--xunit-output`).
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET

from outcome_comparison import counts, report

HERE = os.path.dirname(os.path.abspath(__file__))
XCTEST = re.compile(r"^Test Case '([^']+)' (passed|failed|skipped)", re.M)


def direct_outcomes(package):
    xunit = os.path.join(tempfile.mkdtemp(), "direct.xml")
    started = time.time()
    run = subprocess.run(["swift", "test", "--skip-build", "--xunit-output", xunit], cwd=package,
                         capture_output=True, text=True)
    wall = time.time() - started
    listed = subprocess.run(["swift", "test", "list", "--skip-build"], cwd=package, capture_output=True, text=True)
    ids = [line for line in listed.stdout.splitlines() if line and " " not in line]
    outcomes = {}
    for printed, verdict in XCTEST.findall(run.stdout + run.stderr):
        class_name, _, method = printed.rpartition(".")
        matches = [test for test in ids if test.endswith("." + class_name + "/" + method)]
        outcomes[matches[0] if matches else printed] = verdict
    swift_testing = xunit[:-4] + "-swift-testing.xml"
    if os.path.exists(swift_testing):
        for case in ET.parse(swift_testing).getroot().iter("testcase"):
            classname, name = case.get("classname"), case.get("name")
            test_id = "%s/%s" % (classname, name) if "." in classname else "%s.%s" % (classname, name)
            verdict = "failed" if case.find("failure") is not None else "skipped" if case.find(
                "skipped") is not None else "passed"
            outcomes[test_id] = verdict
    return outcomes, set(ids), run.returncode, wall


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("package")
    parser.add_argument("--slots", type=int, default=2)
    parser.add_argument("--fanout", default=os.path.join(HERE, "..", "..", ".build", "release", "fanout"))
    args = parser.parse_args()
    subprocess.run(["swift", "build", "--build-tests"], cwd=args.package, check=True, capture_output=True)
    expected, listed, direct_code, direct_wall = direct_outcomes(args.package)
    report_path = os.path.join(tempfile.mkdtemp(), "report.json")
    started = time.time()
    run = subprocess.run([args.fanout, "run", args.package, "-n", str(args.slots), "--json", report_path],
                         capture_output=True, text=True)
    fanout_wall = time.time() - started
    if run.returncode not in (0, 1):
        sys.exit("fanout failed (%d):\n%s\n%s" % (run.returncode, run.stdout[-3000:], run.stderr[-3000:]))
    with open(report_path) as handle:
        actual = {test["id"]: test["outcome"] for test in json.load(handle)["tests"]}

    print("package: %s (%d tests listed)" % (args.package, len(listed)))
    print("swift test: %d tests %s, exit %d, %.1fs" % (len(expected), counts(expected), direct_code, direct_wall))
    print("fanout -n %d: %d tests %s, exit %d, %.1fs" % (args.slots, len(actual), counts(actual), run.returncode,
                                                        fanout_wall))
    equal = report(expected, actual, [("not listed by swift test list", sorted(set(actual) - listed))])
    sys.exit(0 if equal else 1)


if __name__ == "__main__":
    main()

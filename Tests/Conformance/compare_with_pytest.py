#!/usr/bin/env python3
"""Runs a suite with plain pytest (--junitxml) and with `fanout run` (--json) and compares, test by test,
the set of test ids and each outcome. Exits 0 when they are equal, 1 when they differ.

Plain pytest gets --continue-on-collection-errors, because Fanout reports a file that fails to import as an
error of that file and still runs the others; without the flag pytest would run nothing at all.

    compare_with_pytest.py WORKSPACE [--slots N] [--fanout PATH] [--fanout-arg ARG]... [-- PYTEST ARGS]

--fanout-arg passes one more argument to `fanout run` (repeat it: `--fanout-arg=--hosts --fanout-arg=h1,h2`).
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


def mangle(nodeid):
    """pytest's junitxml mangle_test_address: node id -> (classname, name)."""
    path, bracket, params = nodeid.partition("[")
    names = path.split("::")
    names[0] = re.sub(r"\.py$", "", names[0].replace("/", "."))
    names[-1] += bracket + params
    return ".".join(names[:-1]), names[-1]


def junit_outcomes(path):
    outcomes, duplicates = {}, 0
    for case in ET.parse(path).getroot().iter("testcase"):
        key = (case.get("classname", ""), case.get("name", ""))
        tags = [child.tag for child in case]
        if "error" in tags and "failure" not in tags:
            outcome = "error"
        elif "failure" in tags:
            outcome = "failed"
        elif "skipped" in tags:
            skipped = case.find("skipped")
            outcome = "xfailed" if skipped.get("type") == "pytest.xfail" else "skipped"
        else:
            outcome = "passed"
        if key in outcomes:
            duplicates += 1
        outcomes[key] = outcome
    return outcomes, duplicates


def fanout_outcomes(path):
    with open(path, encoding="utf-8") as handle:
        report = json.load(handle)
    outcomes = {}
    for test in report["tests"]:
        outcome = test["outcome"]
        # JUnit cannot tell a non-strict xpass from a pass; pytest writes it as a pass.
        outcomes[mangle(test["id"])] = "passed" if outcome == "xpassed" else outcome
    return outcomes, report


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("workspace")
    parser.add_argument("--slots", type=int, default=2)
    parser.add_argument("--fanout", default=os.environ.get("FANOUT", "fanout"))
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--fanout-arg", action="append", default=[], dest="fanout_args")
    parser.add_argument("pytest_args", nargs="*")
    args = parser.parse_args()
    workspace = os.path.abspath(args.workspace)

    with tempfile.TemporaryDirectory() as scratch:
        junit = os.path.join(scratch, "plain.xml")
        report_path = os.path.join(scratch, "fanout.json")
        started = time.monotonic()
        plain = subprocess.run(
            [args.python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--continue-on-collection-errors",
             "--junitxml", junit, *args.pytest_args],
            cwd=workspace, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        plain_seconds = time.monotonic() - started
        started = time.monotonic()
        fan = subprocess.run(
            [args.fanout, "run", workspace, "-n", str(args.slots), "--python", args.python, "--json", report_path,
             *args.fanout_args, "--", *args.pytest_args],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        fanout_seconds = time.monotonic() - started
        if not os.path.exists(report_path):
            print("fanout wrote no report (exit %d):\n%s" % (fan.returncode, fan.stderr))
            return 1
        expected, duplicates = junit_outcomes(junit)
        actual, report = fanout_outcomes(report_path)

    missing = sorted(set(expected) - set(actual))
    extra = sorted(set(actual) - set(expected))
    differing = sorted(key for key in set(expected) & set(actual) if expected[key] != actual[key])
    counts = {}
    for outcome in expected.values():
        counts[outcome] = counts.get(outcome, 0) + 1
    print("suite: %s" % workspace)
    print("plain pytest: %d tests %s, exit %d, %.1fs" % (len(expected), dict(sorted(counts.items())),
                                                        plain.returncode, plain_seconds))
    print("fanout -n %d: %d tests, exit %d, %.1fs" % (args.slots, len(actual), fan.returncode, fanout_seconds))
    if duplicates:
        print("note: pytest's JUnit file repeats %d testcase names" % duplicates)
    for label, keys in (("only in pytest", missing), ("only in fanout", extra)):
        for key in keys[:20]:
            print("%s: %s::%s" % (label, key[0], key[1]))
    for key in differing[:20]:
        print("outcome differs: %s::%s pytest=%s fanout=%s" % (key[0], key[1], expected[key], actual[key]))
    if fan.returncode != plain.returncode:
        print("exit codes differ: pytest %d, fanout %d" % (plain.returncode, fan.returncode))
    same = not missing and not extra and not differing and fan.returncode == plain.returncode
    print("EQUAL" if same else "DIFFERENT: %d missing, %d extra, %d differing" % (len(missing), len(extra), len(differing)))
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Runs CPython test modules with regrtest directly (`python -m test -v NAME ...`, one process, no -j) and with
`fanout run --json` (adapter regrtest), and compares each test's outcome, the modules regrtest skipped or denied
a resource as a whole, and regrtest's totals (`Total tests: run=N failures=F skipped=S`) with Fanout's. Exits 0
when all are equal. Writes WORKSPACE/fanout.toml naming the modules.

    compare_with_regrtest.py WORKSPACE NAME [NAME ...] [--slots N] [--fanout PATH] [--regrtest-option OPTION ...]
        [--fanout-option OPTION ...]

WORKSPACE holds a copy of an interpreter's Lib/test (`cp -r "$(python3 -c 'import test, os;
print(os.path.dirname(test.__file__))')" WORKSPACE/test`) or is a CPython checkout (then run this script with
its ./python).
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time

from outcome_comparison import counts, report, verbose_outcomes

HERE = os.path.dirname(os.path.abspath(__file__))
TOTALS = re.compile(r"^Total tests: run=([\d,]+)(?: failures=([\d,]+))?(?: skipped=([\d,]+))?", re.M)
# "2 tests skipped:" / "1 test skipped (resource denied):", then the names indented on the following lines.
MODULE_LIST = re.compile(r"^\d+ tests? (skipped|skipped \(resource denied\)|failed|run no tests):\n((?:    .*\n)+)",
                         re.M)


def regrtest_modules(output):
    """{module: how regrtest counted it} for the modules its summary lists as skipped, denied or failed."""
    found = {}
    for kind, names in MODULE_LIST.findall(output):
        for name in names.split():
            found[name] = kind
    return found


def regrtest_totals(output):
    match = TOTALS.search(output)
    if not match:
        return None
    run, failures, skipped = (int((value or "0").replace(",", "")) for value in match.groups())
    return {"run": run, "failures": failures, "skipped": skipped}


def fanout_view(tests):
    """Fanout's results split as regrtest counts them: per-test outcomes; modules skipped as a whole (their
    result is named after their scope) or failed (any result failed); and totals, where `run` counts tests that started (a class fixture's
    skip or error holder did not) and a skipped test counts as run, as unittest's testsRun does."""
    outcomes, modules = {}, {}
    totals = {"run": 0, "failures": 0, "skipped": 0}
    for test in tests:
        if test["outcome"] in ("failed", "error"):
            # regrtest lists a module as failed when any of its tests failed.
            modules[test["scope"]] = "failed"
        if test["id"] == test["scope"]:
            skipped = test["outcome"] == "skipped"
            message = test.get("message") or ""
            kind = "skipped (resource denied)" if "resource denied" in message else "skipped"
            kind = "run no tests" if message.endswith(" ran no tests") else kind
            modules[test["id"]] = kind if skipped else "failed"
            continue
        outcomes[test["id"]] = test["outcome"]
        holder = test["id"].startswith(("setUpClass (", "setUpModule (", "tearDownClass (", "tearDownModule ("))
        totals["run"] += 0 if holder else 1
        # regrtest counts unittest's failure entries, not errors: a test with two failing subtests counts twice.
        totals["failures"] += test.get("failureCount") or 0
        totals["skipped"] += test["outcome"] == "skipped"
    return outcomes, modules, totals


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("workspace")
    parser.add_argument("names", nargs="+")
    parser.add_argument("--slots", type=int, default=2)
    parser.add_argument("--fanout", default=os.path.join(HERE, "..", "..", ".build", "release", "fanout"))
    parser.add_argument("--regrtest-option", action="append", default=[])
    parser.add_argument("--fanout-option", action="append", default=[], help="for `fanout run` (--split test_os)")
    args = parser.parse_args()

    started = time.time()
    direct = subprocess.run([sys.executable, "-m", "test", "-v", *args.regrtest_option, *args.names],
                            cwd=args.workspace, capture_output=True, text=True, errors="replace")
    direct_wall = time.time() - started
    output = direct.stdout + direct.stderr
    expected, expected_modules, expected_totals = verbose_outcomes(output, number_repeats=True), regrtest_modules(output), \
        regrtest_totals(output)

    with open(os.path.join(args.workspace, "fanout.toml"), "w") as handle:
        handle.write('adapter = "regrtest"\npython = "%s"\npaths = [%s]\n' % (
            sys.executable, ", ".join('"%s"' % name for name in args.names)))
    report_path = os.path.join(tempfile.mkdtemp(), "report.json")
    started = time.time()
    run = subprocess.run([args.fanout, "run", args.workspace, "-n", str(args.slots), "--json", report_path,
                          *args.fanout_option, "--",
                          "-v", *args.regrtest_option], capture_output=True, text=True)
    fanout_wall = time.time() - started
    if run.returncode not in (0, 1):
        sys.exit("fanout failed (%d):\n%s\n%s" % (run.returncode, run.stdout[-3000:], run.stderr[-3000:]))
    with open(report_path) as handle:
        actual, actual_modules, actual_totals = fanout_view(json.load(handle)["tests"])

    print("modules: %d (%s)" % (len(args.names), " ".join(args.names)))
    print("python -m test -v: %d tests %s, exit %d, %.1fs; totals %s; modules %s" % (
        len(expected), counts(expected), direct.returncode, direct_wall, expected_totals, expected_modules))
    print("fanout -n %d: %d tests %s, exit %d, %.1fs; totals %s; modules %s" % (
        args.slots, len(actual), counts(actual), run.returncode, fanout_wall, actual_totals, actual_modules))
    sections = [
        ("module counted differently", sorted(name for name in set(expected_modules) | set(actual_modules)
                                              if expected_modules.get(name) != actual_modules.get(name))),
        ("totals differ", [] if expected_totals == actual_totals else ["%s != %s" % (expected_totals,
                                                                                    actual_totals)]),
    ]
    sys.exit(0 if report(expected, actual, sections) else 1)


if __name__ == "__main__":
    main()

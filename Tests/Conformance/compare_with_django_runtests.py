#!/usr/bin/env python3
"""Runs test apps of a project with a Django runtests script (Django's own tests/runtests.py, say) directly,
`--parallel 1 -v 2`, and with `fanout run --json`, and compares the test ids and each outcome. Exits 0 when
they are equal. Writes WORKSPACE/fanout.toml naming the apps' directories as the paths to run.

    compare_with_django_runtests.py WORKSPACE APP [APP ...] [--script tests/runtests.py] [--slots N] [--fanout PATH]
        [--settings MODULE]

`--settings` names the script's settings module for both runs (Django's suite: a module beside runtests.py with
DATABASES for PostgreSQL or MariaDB, say), so the comparison covers per-worker database clones.

Django's own suite: `pip download django --no-binary :all: --no-deps`, unpack it, copy its tests/ into an empty
WORKSPACE (the installed Django is the one tested, so the versions must match).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

from outcome_comparison import counts, report, verbose_outcomes

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("workspace")
    parser.add_argument("apps", nargs="+")
    parser.add_argument("--script", default="tests/runtests.py")
    parser.add_argument("--slots", type=int, default=2)
    parser.add_argument("--fanout", default=os.path.join(HERE, "..", "..", ".build", "release", "fanout"))
    parser.add_argument("--settings")
    args = parser.parse_args()
    settings = ["--settings", args.settings] if args.settings else []
    root = os.path.dirname(args.script)

    started = time.time()
    direct = subprocess.run([sys.executable, args.script, "--parallel", "1", "-v", "2", *settings, *args.apps],
                            cwd=args.workspace, capture_output=True, text=True)
    direct_wall = time.time() - started
    expected = verbose_outcomes(direct.stderr)

    with open(os.path.join(args.workspace, "fanout.toml"), "w") as handle:
        handle.write("paths = [%s]\n" % ", ".join('"%s"' % os.path.join(root, app) for app in args.apps))
    report_path = os.path.join(tempfile.mkdtemp(), "report.json")
    started = time.time()
    run = subprocess.run([args.fanout, "run", args.workspace, "-n", str(args.slots), "--json", report_path,
                          *(["--", *settings] if settings else [])],
                         capture_output=True, text=True)
    fanout_wall = time.time() - started
    if run.returncode not in (0, 1):
        sys.exit("fanout failed (%d):\n%s\n%s" % (run.returncode, run.stdout[-3000:], run.stderr[-3000:]))
    with open(report_path) as handle:
        actual = {test["id"]: test["outcome"] for test in json.load(handle)["tests"]}

    print("apps: %s (%s)" % (" ".join(args.apps), args.script))
    print("%s directly: %d tests %s, exit %d, %.1fs" % (args.script, len(expected), counts(expected),
                                                        direct.returncode, direct_wall))
    print("fanout -n %d: %d tests %s, exit %d, %.1fs" % (args.slots, len(actual), counts(actual), run.returncode,
                                                        fanout_wall))
    sys.exit(0 if report(expected, actual) else 1)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Runs a unittest suite directly (unittest's discovery, loader and runner, nothing of Fanout's) and prints
each test's outcome as JSON: {test id: outcome}, with Fanout's outcome names. A module that fails to import is
reported under its file path, as Fanout reports it.

    python3 Tests/Conformance/unittest_outcomes.py WORKSPACE [--exclude FILE ...] [--modules NAME ...]

With --modules the named modules are loaded (unittest's loadTestsFromName, as `python -m unittest NAME ...`)
instead of discovered. The wall seconds of the run go to stderr.
"""
import json
import os
import sys
import time
import unittest

RANK = {"passed": 0, "skipped": 1, "xfailed": 1, "xpassed": 2, "failed": 3, "error": 4}


def main():
    workspace = os.path.abspath(sys.argv[1])
    def values(flag):
        # Every value after every occurrence of `flag`, up to the next option.
        found = []
        for index, value in enumerate(sys.argv):
            if value == flag:
                rest = sys.argv[index + 1:]
                found += rest[:next((i for i, v in enumerate(rest) if v.startswith("--")), len(rest))]
        return found

    excluded = set(values("--exclude"))
    modules = values("--modules")
    os.chdir(workspace)
    sys.path.insert(0, workspace)
    started = time.time()
    if modules:
        suite = unittest.defaultTestLoader.loadTestsFromNames(modules)
    else:
        suite = unittest.defaultTestLoader.discover(".", top_level_dir=".")
    outcomes = {}

    def key(test):
        test = getattr(test, "test_case", test)  # a subtest counts for its test
        name = test.id()
        prefix = "unittest.loader._FailedTest."
        if name.startswith(prefix):
            return name[len(prefix):].replace(".", "/") + ".py"
        return name

    def note(test, outcome):
        name = key(test)
        if RANK[outcome] >= RANK[outcomes.get(name, "passed")]:
            outcomes[name] = outcome

    def keep(test):
        module = getattr(type(test), "__module__", "").replace(".", "/") + ".py"
        return module not in excluded

    def flatten(node):
        for item in node:
            if isinstance(item, unittest.TestSuite):
                yield from flatten(item)
            elif keep(item):
                yield item

    class Recording(unittest.TestResult):
        def startTest(self, test):
            super().startTest(test)
            outcomes.setdefault(key(test), "passed")

        def addError(self, test, err):
            note(test, "error")

        def addFailure(self, test, err):
            note(test, "failed")

        def addSubTest(self, test, subtest, err):
            if err is not None:
                note(test, "failed" if issubclass(err[0], test.failureException) else "error")

        def addSkip(self, test, reason):
            note(test, "skipped")

        def addExpectedFailure(self, test, err):
            note(test, "xfailed")

        def addUnexpectedSuccess(self, test):
            note(test, "xpassed")

    real_stdout, sys.stdout = sys.stdout, sys.stderr  # what tests print must not mix with the JSON
    unittest.TestSuite(list(flatten(suite))).run(Recording())
    sys.stdout = real_stdout
    print("direct unittest run: %.2f s" % (time.time() - started), file=sys.stderr)
    json.dump(outcomes, sys.stdout, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()

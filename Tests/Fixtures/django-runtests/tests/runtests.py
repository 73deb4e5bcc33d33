#!/usr/bin/env python
"""Runs the test apps beside this script the way Django's own tests/runtests.py does: labels are dotted names
relative to this directory (every app package here when none is given), settings come from settings.py here,
and the runner is whatever Django's get_runner returns."""
import argparse
import os
import sys

import django
from django.conf import settings
from django.test.utils import get_runner

HERE = os.path.dirname(os.path.abspath(__file__))
# Packages here that are not test apps, as Django's runtests.py skips some of its own.
SKIPPED = {"helpers"}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("labels", nargs="*")
    parser.add_argument("-v", "--verbosity", type=int, default=1)
    parser.add_argument("--parallel", type=int, default=0)
    options = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings")
    django.setup()
    apps = sorted(name for name in os.listdir(HERE)
                  if name not in SKIPPED and os.path.exists(os.path.join(HERE, name, "__init__.py")))
    runner = get_runner(settings)(verbosity=options.verbosity, interactive=False, parallel=options.parallel)
    sys.exit(bool(runner.run_tests(options.labels or apps)))


if __name__ == "__main__":
    main()

"""Puts Fanout's embedded Python modules (Sources/FanoutAdapters/*/Python) on sys.path for their tests."""

import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
for directory in sorted((ROOT / "Sources" / "FanoutAdapters").glob("*/Python")):
    sys.path.insert(0, str(directory))

"""What a test of this fixture records of its slot: FANOUT_WORKER, TMPDIR, a temporary file it wrote there, and
the thread-pool variables, one JSON line each in `.environment.log`."""
import json
import os
import pathlib
import tempfile

VARIABLES = ["OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS",
             "VECLIB_MAXIMUM_THREADS"]


def record():
    with tempfile.NamedTemporaryFile(delete=False) as scratch:
        scratch.write(b"scratch")
    seen = {"worker": os.environ.get("FANOUT_WORKER"), "tmpdir": os.environ.get("TMPDIR"),
            "scratch": scratch.name, "threads": {name: os.environ.get(name) for name in VARIABLES}}
    with open(pathlib.Path(__file__).resolve().parent / ".environment.log", "a") as handle:
        handle.write(json.dumps(seen) + "\n")

import json
import os
import pathlib
import tempfile

VARIABLES = ["OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS",
             "VECLIB_MAXIMUM_THREADS"]


def test_records_what_its_slot_gives_it():
    with tempfile.NamedTemporaryFile(delete=False) as scratch:
        scratch.write(b"scratch")
    record = {"worker": os.environ.get("FANOUT_WORKER"), "tmpdir": os.environ.get("TMPDIR"),
              "scratch": scratch.name, "threads": {name: os.environ.get(name) for name in VARIABLES}}
    log = pathlib.Path(__file__).resolve().parents[1] / ".environment.log"
    with open(log, "a") as handle:
        handle.write(json.dumps(record) + "\n")

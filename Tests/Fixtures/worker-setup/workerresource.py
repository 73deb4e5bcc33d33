"""What a slot's `[[worker_setup]]` made for it: a file named after the worker, holding the worker's TMPDIR and
global slot."""

import os


def path():
    return os.path.join(".workers", os.environ["FANOUT_WORKER"].replace("/", "_"))


def check():
    with open(path(), encoding="utf-8") as made:
        tmpdir, global_slot = made.read().split()
    assert tmpdir == os.environ["TMPDIR"], "the setup ran with this slot's environment"
    assert os.environ["PYTEST_XDIST_WORKER"] == "gw" + global_slot

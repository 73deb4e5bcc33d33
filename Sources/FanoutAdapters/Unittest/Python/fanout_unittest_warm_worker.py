"""The warm unittest worker: imports unittest, Fanout's runner and the user's `warm_imports` once, then runs every
batch through the runner in a fresh fork of itself (fanout_warm_forks.py has the protocol). Loaded files sit
beside this one; nothing of Fanout's goes on `sys.path`."""
import importlib.util
import os
import sys
import unittest  # noqa: F401 (imported once here, for every fork)


# The one module loaded by hand: it loads the others (`load_sibling`).
spec = importlib.util.spec_from_file_location(
    "fanout_warm_forks", os.path.join(os.path.dirname(os.path.abspath(__file__)), "fanout_warm_forks.py"))
forks = importlib.util.module_from_spec(spec)
spec.loader.exec_module(forks)
runner = forks.load_sibling("fanout_unittest_runner")
control = forks.control_socket()
sys.path[0] = os.getcwd()  # the workspace, as for `python RUNNER` run from it, which cold batches use
forks.import_warm_modules()


def run(args):
    sys.argv = [runner.__file__] + args
    return runner.main(args)


forks.WarmForks(control, run).serve()

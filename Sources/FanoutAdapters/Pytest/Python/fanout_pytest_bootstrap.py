"""Fanout's pytest bootstrap, run as `python -c <this file's text> ARGS`: `sys.path[0]` is then the working
directory exactly as with `python -m pytest`. The plugin is loaded from its file (FANOUT_PLUGIN_PATH) without
touching `sys.path`, so tests import nothing of Fanout's."""
import faulthandler
import importlib.util
import os
import signal
import sys
# On SIGUSR1 (a timeout), every thread's stack goes to the batch's output, whatever captures fd 2 later.
stacks = os.fdopen(os.dup(2), "w")
faulthandler.register(signal.SIGUSR1, file=stacks, all_threads=True)
spec = importlib.util.spec_from_file_location("fanout_pytest_plugin", os.environ["FANOUT_PLUGIN_PATH"])
plugin = importlib.util.module_from_spec(spec)
spec.loader.exec_module(plugin)
import pytest
sys.exit(pytest.main(sys.argv[1:], plugins=[plugin]))

"""Runs a Django runtests script (its path first among the arguments) as `python SCRIPT ARGS` would, except that
when it asks Django for its test runner it gets Fanout's. Run as `python -c <this file's text> SCRIPT ARGS`."""
import os
import runpy
import sys
script = sys.argv[1]
sys.argv = sys.argv[1:]
sys.path[0] = os.path.dirname(os.path.abspath(script))
import django.test.utils
def fanout_runner(settings=None, test_runner_class=None):
    import fanout_django_runner
    return fanout_django_runner.FanoutRunner
django.test.utils.get_runner = fanout_runner
runpy.run_path(script, run_name="__main__")

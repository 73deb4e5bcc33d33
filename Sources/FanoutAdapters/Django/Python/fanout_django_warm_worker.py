"""The warm Django worker: imports Django's test machinery (the test runner, the ORM, the management commands) and
the user's `warm_imports` once, then runs every batch's script (`manage.py test ...`, or a runtests script) in a
fresh fork of itself (fanout_warm_forks.py has the protocol). No settings are read and no database is opened
here: each batch's script does that itself, as in a new process."""
import importlib.util
import os
import runpy
import sys

# Where the script's own directory would put Django from (a checkout of Django itself runs its tests this way).
sys.path[0] = os.path.abspath(os.environ.get("FANOUT_LABEL_ROOT") or ".")
import django.core.management  # noqa: E402,F401 (imported once here, for every fork)
import django.db.models  # noqa: E402,F401
import django.test.runner  # noqa: E402,F401
import django.test.utils  # noqa: E402


# The one module loaded by hand: it loads the others (`load_sibling`).
spec = importlib.util.spec_from_file_location(
    "fanout_warm_forks", os.path.join(os.path.dirname(os.path.abspath(__file__)), "fanout_warm_forks.py"))
forks = importlib.util.module_from_spec(spec)
spec.loader.exec_module(forks)
control = forks.control_socket()
forks.import_warm_modules()


def fanout_runner(settings=None, test_runner_class=None):
    import fanout_django_runner
    return fanout_django_runner.FanoutRunner


def run(args):
    """`python SCRIPT ARGS` (see fanout_django_runtests_bootstrap.py): a runtests script, which asks Django for
    its runner, gets Fanout's; `manage.py test` names it with `--testrunner`."""
    script = args[0]
    sys.argv = list(args)
    sys.path[0] = os.path.dirname(os.path.abspath(script))
    if os.path.basename(script) != "manage.py":
        django.test.utils.get_runner = fanout_runner
    runpy.run_path(script, run_name="__main__")


forks.WarmForks(control, run).serve()

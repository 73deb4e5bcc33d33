"""Runs Fanout's Python runners as the agent does (result lines on a descriptor of their own) and reads back
what they reported."""

import json
import os
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
ADAPTERS = ROOT / "Sources" / "FanoutAdapters"
PYTEST_PLUGIN = ADAPTERS / "Pytest" / "Python" / "fanout_pytest_plugin.py"
PYTEST_BOOTSTRAP = ADAPTERS / "Pytest" / "Python" / "fanout_pytest_bootstrap.py"
UNITTEST_RUNNER = ADAPTERS / "Unittest" / "Python" / "fanout_unittest_runner.py"


def run(arguments, workspace, extra_env=None):
    """Runs `arguments` in `workspace` with the result stream on a descriptor of its own; returns (exit code,
    events)."""
    read_end, write_end = os.pipe()
    environment = dict(os.environ)
    environment.update({
        "FANOUT_RESULT_FD": str(write_end), "FANOUT_WORKSPACE": str(workspace), "FANOUT_PLUGIN_PATH": str(PYTEST_PLUGIN),
        "PYTEST_ADDOPTS": "-p no:cacheprovider",
    })
    environment.update(extra_env or {})
    process = subprocess.Popen(
        arguments, cwd=workspace, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        pass_fds=(write_end,))
    os.close(write_end)
    with os.fdopen(read_end, "rb") as stream:
        data = stream.read()
    code = process.wait()
    events = [json.loads(line) for line in data.decode().splitlines() if line.strip()]
    return code, events


def run_pytest(workspace, *arguments):
    return run([sys.executable, "-c", PYTEST_BOOTSTRAP.read_text(), *arguments], workspace)


def run_unittest(workspace, *arguments):
    return run([sys.executable, str(UNITTEST_RUNNER), *arguments], workspace)


def ends(events):
    return [event for event in events if event["event"] == "end"]


def finished(events):
    return {event["id"]: event["outcome"] for event in events if event["event"] == "finish"}


DJANGO_RUNNER_DIRECTORY = ADAPTERS / "Django" / "Python"
UNITTEST_RUNNER_DIRECTORY = ADAPTERS / "Unittest" / "Python"


def run_django(workspace, *labels):
    """`manage.py test` with Fanout's Django runner, as a batch runs it."""
    path = os.pathsep.join([str(DJANGO_RUNNER_DIRECTORY), str(UNITTEST_RUNNER_DIRECTORY)])
    return run(
        [sys.executable, "manage.py", "test", "--noinput", "--testrunner", "fanout_django_runner.FanoutRunner",
         *labels],
        workspace, {"PYTHONPATH": path, "DJANGO_TEST_PROCESSES": "1"})

"""Fanout's regrtest runner: its argument handling and test names, and whole batches through the interpreter's
own libregrtest on a workspace that copies it next to Tests/Fixtures/regrtest-suite."""
import os
import pathlib
import shutil
import sys
import types
import unittest

import pytest

import fanout_regrtest_runner as runner
from runner_harness import ADAPTERS, ROOT, finished, run

RUNNER = ADAPTERS / "Regrtest" / "Python" / "fanout_regrtest_runner.py"


def test_arguments_split_into_options_deselections_and_selections():
    options, deselected, selections = runner.split_arguments(
        ["-u", "cpu", "--", "--fanout-deselect", "test_os::test.test_os.A.test_x", "test_bool",
         "test_os::test.test_os.B.test_y", "test_os::test.test_os.B.test_z"])
    assert options == ["-u", "cpu"]
    assert deselected == {"test_os": ["test.test_os.A.test_x"]}
    assert selections == [("test_bool", []), ("test_os", ["test.test_os.B.test_y", "test.test_os.B.test_z"])]


def test_a_slice_matches_exact_ids_and_a_deselection_adds_exclusions_to_the_users_patterns():
    assert runner.match_tests_for(None, ["a.B.test_c", "a.d [2]"], []) == [("a.B.test_c", True), ("a.d", True)]
    assert runner.match_tests_for([("test_x*", True)], [], ["a.B.test_c"]) == [("test_x*", True),
                                                                              ("a.B.test_c", False)]
    assert runner.match_tests_for([("test_x*", True)], [], []) == [("test_x*", True)]


class Case(unittest.TestCase):
    def test_it(self):
        pass


def test_a_repeated_id_is_numbered_and_a_slice_keeps_only_its_own_repeat():
    first, second, other = Case("test_it"), Case("test_it"), Case("run")
    names = runner.TestNames()
    names.reset(None)
    keep = names.filter(lambda test: test is not other)
    assert [keep(first), keep(second), keep(other)] == [True, True, False]
    assert names.of(first).endswith("Case.test_it") and names.of(second).endswith("Case.test_it [2]")
    names.reset([names.of(second)])
    keep = names.filter(lambda test: True)
    assert [keep(first), keep(second)] == [False, True]


def fake_result(state, duration=0.5):
    return types.SimpleNamespace(state=state, duration=duration)


class State:
    PASSED, FAILED, SKIPPED, RESOURCE_DENIED = "PASSED", "FAILED", "SKIPPED", "RESOURCE_DENIED"
    UNCAUGHT_EXC, DID_NOT_RUN, REFLEAK, ENV_CHANGED = "UNCAUGHT_EXC", "DID_NOT_RUN", "REFLEAK", "ENV_CHANGED"

    @staticmethod
    def is_failed(state):
        return state in ("FAILED", "UNCAUGHT_EXC", "REFLEAK")


def test_the_module_reports_for_itself_only_what_its_tests_do_not_tell():
    watch = types.SimpleNamespace(reason="No module named 'winreg'", failure=("ImportError: x", "Traceback"))
    skipped = runner.module_result("test_winreg", fake_result(State.SKIPPED), State, watch, False, False)
    assert (skipped["id"], skipped["outcome"], skipped["message"]) == (
        "test_winreg", "skipped", "test_winreg skipped -- No module named 'winreg'")
    denied = runner.module_result("test_x", fake_result(State.RESOURCE_DENIED), State, watch, False, False)
    assert denied["message"].startswith("test_x resource denied -- ")
    crashed = runner.module_result("test_x", fake_result(State.UNCAUGHT_EXC), State, watch, True, False)
    assert (crashed["outcome"], crashed["message"], crashed["details"]) == ("error", "ImportError: x", "Traceback")
    assert runner.module_result("test_x", fake_result(State.FAILED), State, watch, True, False) is None
    assert runner.module_result("test_x", fake_result(State.PASSED), State, watch, False, False) is None
    assert runner.module_result("test_x", fake_result(State.ENV_CHANGED), State, watch, False, False) is None
    changed = runner.module_result("test_x", fake_result(State.ENV_CHANGED), State, watch, False, False, True)
    assert changed["outcome"] == "error" and "--fail-env-changed" in changed["message"]
    assert runner.module_result("test_x", fake_result(State.DID_NOT_RUN), State, watch, False, False)["message"] \
        == "test_x ran no tests"
    assert runner.module_result("test_x", fake_result(State.DID_NOT_RUN), State, watch, False, True) is None


def interpreter_test_package():
    import test
    return pathlib.Path(test.__file__).parent


@pytest.fixture
def workspace(tmp_path):
    """Tests/Fixtures/regrtest-suite with the interpreter's libregrtest and test.support beside it."""
    source = interpreter_test_package()
    if not (source / "libregrtest" / "single.py").exists():
        pytest.fail("this interpreter's Lib/test has no libregrtest/single.py (CPython 3.11.7+ has)")
    shutil.copytree(ROOT / "Tests" / "Fixtures" / "regrtest-suite", tmp_path / "ws")
    for name in ("__init__.py", "__main__.py"):
        shutil.copy(source / name, tmp_path / "ws" / "test" / name)
    for name in ("libregrtest", "support"):
        shutil.copytree(source / name, tmp_path / "ws" / "test" / name, ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path / "ws"


def run_runner(workspace, *arguments, collect=None):
    extra = {"PYTHONPATH": str(ADAPTERS / "Unittest" / "Python")}
    if collect:
        extra["FANOUT_COLLECT"] = collect
    return run([sys.executable, str(RUNNER), *arguments], workspace, extra)


def test_a_batch_streams_each_tests_outcome_and_the_modules_regrtest_judged_as_a_whole(workspace):
    code, events = run_runner(workspace, "--", "test_fanout_outcomes", "test_fanout_resource", "test_fanout_broken",
                              "test_fanout_package")
    assert code == 1
    outcomes = finished(events)
    prefix = "test.test_fanout_outcomes."
    assert outcomes == {
        prefix + "Outcomes.test_passes": "passed", prefix + "Outcomes.test_fails": "failed",
        prefix + "Outcomes.test_errors": "error", prefix + "Outcomes.test_skipped": "skipped",
        prefix + "Outcomes.test_expected_failure": "xfailed", prefix + "Outcomes.test_unexpected_success": "xpassed",
        prefix + "Outcomes.test_subtests": "failed", "setUpClass (test.test_fanout_outcomes.BrokenFixture)": "error",
        prefix + "doubled": "passed", prefix + "doubled [2]": "passed",
        "test_fanout_resource": "skipped", "test_fanout_broken": "error",
        "test.test_fanout_package.test_first.First.test_one": "passed",
        "test.test_fanout_package.test_first.First.test_two": "passed",
        "test.test_fanout_package.test_second.Second.test_three": "passed",
    }
    scopes = {event["id"]: event["scope"] for event in events if event["event"] == "finish"}
    assert scopes[prefix + "doubled [2]"] == "test_fanout_outcomes"
    assert scopes["test.test_fanout_package.test_second.Second.test_three"] == "test_fanout_package"
    assert events[-1]["event"] == "end" and events[-1]["stopped"] is None
    counts = {event["id"]: event.get("failures") for event in events if event["event"] == "finish"}
    assert counts[prefix + "Outcomes.test_subtests"] == 2 and counts[prefix + "Outcomes.test_fails"] == 1
    assert counts[prefix + "Outcomes.test_errors"] is None and counts[prefix + "Outcomes.test_passes"] is None
    broken = next(event for event in events if event.get("id") == "test_fanout_broken")
    assert "module_that_does_not_exist" in broken["message"]


def test_resources_and_environment_checks_are_regrtests_own(workspace):
    code, events = run_runner(workspace, "-u", "cpu", "--fail-env-changed", "--", "test_fanout_cpu",
                              "test_fanout_environment")
    outcomes = finished(events)
    assert outcomes["test.test_fanout_cpu.Resources.test_needs_cpu"] == "passed"
    assert outcomes["test_fanout_environment"] == "error"
    assert outcomes["test.test_fanout_environment.ChangesEnvironment.test_leaves_a_variable"] == "passed"
    assert code == 1


def test_a_slice_runs_only_its_tests_and_listing_names_repeats_as_the_run_does(workspace):
    _, listed = run_runner(workspace, "--", "test_fanout_outcomes", collect="tests")
    ids = [event["id"] for event in listed if event["event"] == "collected"]
    assert "test.test_fanout_outcomes.doubled [2]" in ids and len(ids) == len(set(ids)) == 10
    _, events = run_runner(workspace, "--", "test_fanout_outcomes::test.test_fanout_outcomes.doubled [2]",
                           "test_fanout_outcomes::test.test_fanout_outcomes.Outcomes.test_passes")
    assert finished(events) == {"test.test_fanout_outcomes.doubled [2]": "passed",
                                "test.test_fanout_outcomes.Outcomes.test_passes": "passed"}


def test_listing_the_names_splits_test_packages_as_regrtest_does(workspace):
    (workspace / "test" / "test_asyncio").mkdir()
    (workspace / "test" / "test_asyncio" / "__init__.py").write_text("")
    (workspace / "test" / "test_asyncio" / "test_tasks.py").write_text("")
    _, listed = run_runner(workspace, collect="scopes")
    names = {event["id"] for event in listed if event["event"] == "collected"}
    assert "test.test_asyncio.test_tasks" in names and "test_asyncio" not in names
    assert {"test_fanout_outcomes", "test_fanout_package"} <= names
    assert os.path.exists(workspace / "test" / "test_fanout_package")

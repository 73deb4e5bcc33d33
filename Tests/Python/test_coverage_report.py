"""Coverage under Fanout: batches run with pytest-cov write their own data (FANOUT_COVERAGE, COVERAGE_FILE) and
make no report of their own; fanout_coverage_report.py combines the data, from a copy of the workspace elsewhere
too (a host's), and reports as pytest-cov reports the whole suite run in one process."""
import json
import os
import pathlib
import shutil
import subprocess
import sys

import pytest

from fanout_coverage_report import report_types
from runner_harness import PYTEST_BOOTSTRAP, finished, run

pytest.importorskip("pytest_cov")
HELPER = pathlib.Path(__file__).resolve().parents[2] / "Sources/FanoutAdapters/Pytest/Python/fanout_coverage_report.py"
ARGUMENTS = ["--cov=shapes", "--cov-branch", "--cov-report=term-missing"]


def write_project(workspace):
    (workspace / "shapes").mkdir(parents=True)
    (workspace / "shapes" / "__init__.py").write_text("")
    (workspace / "shapes" / "area.py").write_text(
        "def square(side):\n    if side < 0:\n        raise ValueError(side)\n    return side * side\n\n\n"
        "def circle(radius):\n    return 3.14159 * radius * radius\n\n\n"
        "def never_called():\n    return None\n")
    (workspace / "tests").mkdir()
    (workspace / "tests" / "test_square.py").write_text(
        "from shapes.area import square\n\n\ndef test_square():\n    assert square(3) == 9\n")
    (workspace / "tests" / "test_circle.py").write_text(
        "from shapes.area import circle\n\n\ndef test_circle():\n    assert circle(1) > 3\n")


def table(text):
    """The report's table: its lines from the header to the total."""
    lines = text.splitlines()
    start = next(index for index, line in enumerate(lines) if line.startswith("Name"))
    end = next(index for index, line in enumerate(lines) if line.startswith("TOTAL"))
    return lines[start:end + 1]


def serial_report(workspace, *extra):
    """pytest --cov over the whole suite in one process, as the user would run it."""
    completed = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *ARGUMENTS, *extra, "tests"], cwd=workspace,
        capture_output=True, text=True)
    os.remove(workspace / ".coverage")
    return completed


def run_batch(workspace, data_file, *files):
    env = {"FANOUT_COVERAGE": "1", "COVERAGE_FILE": str(data_file)}
    code, events = run([sys.executable, "-c", PYTEST_BOOTSTRAP.read_text(), *ARGUMENTS, *files], workspace, env)
    assert code == 0 and set(finished(events).values()) == {"passed"}


def combine(workspace, spec, tmp_path):
    spec = {"sources": ["shapes"], "reports": ["term-missing"], "config": ".coveragerc", "branch": True,
            "omit": [], "tests_failed": False, **spec}
    (tmp_path / "spec.json").write_text(json.dumps(spec))
    completed = subprocess.run(
        [sys.executable, str(HELPER), tmp_path / "spec.json", tmp_path / "result.json", tmp_path / "report.txt"],
        cwd=workspace, capture_output=True, text=True)
    assert completed.returncode == 0, completed.stderr
    return json.loads((tmp_path / "result.json").read_text()), (tmp_path / "report.txt").read_text()


def test_batches_on_two_hosts_combine_into_the_report_of_one_serial_run(tmp_path):
    local, remote = tmp_path / "local", tmp_path / "elsewhere" / "ws"
    write_project(local)
    shutil.copytree(local, remote)
    expected = serial_report(local)
    data = local / ".fanout" / "coverage" / "run1"
    run_batch(local, data / "local-s1" / "1-a" / ".coverage", "tests/test_square.py")
    run_batch(remote, remote / ".fanout" / "coverage" / "run1" / "h-s1" / "2-a" / ".coverage", "tests/test_circle.py")
    shutil.copytree(remote / ".fanout" / "coverage" / "run1", data, dirs_exist_ok=True)
    files = sorted(str(path) for path in data.rglob(".coverage*"))
    assert len(files) == 2  # each batch wrote its own data, in its own directory
    result, text = combine(local, {"data_files": files, "remote_workspaces": [str(remote)]}, tmp_path)
    assert table(text) == table(expected.stdout)
    assert "tests coverage" in text and "coverage: platform" in text
    assert result["failed"] is False and 0 < result["total"] < 100
    assert not any(path.exists() for path in map(pathlib.Path, files))  # combined into the data file
    assert (local / ".coverage").exists()


def test_a_batch_makes_no_report_and_no_fail_under_of_its_own(tmp_path):
    write_project(tmp_path)
    data_file = tmp_path / ".fanout" / "coverage" / "r" / "w" / "1-a" / ".coverage"
    env = {"FANOUT_COVERAGE": "1", "COVERAGE_FILE": str(data_file)}
    arguments = [*ARGUMENTS, "--cov-fail-under=100", "--cov-report=html:htmlcov", "tests/test_square.py"]
    code, events = run([sys.executable, "-c", PYTEST_BOOTSTRAP.read_text(), *arguments], tmp_path, env)
    assert code == 0  # the minimum is the whole run's, not a batch's
    assert set(finished(events).values()) == {"passed"}
    assert not (tmp_path / "htmlcov").exists() and not (tmp_path / ".coverage").exists()
    assert len(list(data_file.parent.glob(".coverage*"))) == 1


def test_the_minimum_is_judged_on_the_combined_total(tmp_path):
    write_project(tmp_path)
    expected = serial_report(tmp_path, "--cov-fail-under=95")
    assert expected.returncode == 1 and "FAIL Required test coverage of 95" in expected.stdout
    data_file = tmp_path / ".fanout" / "coverage" / "r" / "w" / "1-a" / ".coverage"
    run_batch(tmp_path, data_file, "tests")
    files = [str(path) for path in data_file.parent.glob(".coverage*")]
    result, text = combine(tmp_path, {"data_files": files, "fail_under": 95}, tmp_path)
    assert result["failed"] is True
    failure = [line for line in expected.stdout.splitlines() if line.startswith("FAIL Required")]
    assert failure and failure[0] in text


def test_no_report_on_failure_when_asked(tmp_path):
    write_project(tmp_path)
    result, text = combine(tmp_path, {"data_files": [], "no_cov_on_fail": True, "tests_failed": True}, tmp_path)
    assert result == {"total": None, "failed": False} and text == ""


def test_report_options_are_read_as_pytest_cov_reads_them():
    assert report_types([]) == {"term": None}
    assert report_types([""]) == {}
    assert report_types(["term-missing:skip-covered", "html:out", "xml"]) == {
        "term-missing": "skip-covered", "html": "out", "xml": None}
    assert report_types(["markdown"]) == {"markdown": "coverage.md"}

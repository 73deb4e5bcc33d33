"""A pytest test's reported duration is what it cost its process, from its start to its end: its phases and
the hooks and reporting between them, which pytest's per-phase durations leave out. The history learns from
it, so a suite of a thousand trivial tests is not taken for no work at all."""

import textwrap

from runner_harness import run_pytest

SLOW_REPORTING = textwrap.dedent("""
    import time


    def pytest_runtest_logreport(report):
        if report.when == "call":
            time.sleep(0.2)
""")

TESTS = textwrap.dedent("""
    import time


    def test_trivial():
        pass


    def test_sleeps():
        time.sleep(0.3)
""")


def durations(events):
    return {event["id"]: event["duration"] for event in events if event["event"] == "finish"}


def test_time_spent_between_a_tests_phases_counts_as_its_own(tmp_path):
    (tmp_path / "conftest.py").write_text(SLOW_REPORTING)
    (tmp_path / "test_cost.py").write_text(TESTS)
    code, events = run_pytest(tmp_path, "test_cost.py")
    assert code == 0
    cost = durations(events)
    assert 0.2 <= cost["test_cost.py::test_trivial"] < 1.5
    assert 0.5 <= cost["test_cost.py::test_sleeps"] < 2.0


def test_without_time_between_phases_the_duration_is_pytests_own(tmp_path):
    (tmp_path / "test_cost.py").write_text(TESTS)
    code, events = run_pytest(tmp_path, "test_cost.py")
    assert code == 0
    cost = durations(events)
    assert cost["test_cost.py::test_trivial"] < 0.2
    assert 0.3 <= cost["test_cost.py::test_sleeps"] < 1.0

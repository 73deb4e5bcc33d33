"""Every Python runner says, as its last line, that its session ended in order, and names the tests it selected
and never reported; a process that dies before the end of its session says nothing of the kind."""

import textwrap

from runner_harness import ends, finished, run_pytest, run_unittest

TESTS = textwrap.dedent("""
    import os
    import unittest


    class Cases(unittest.TestCase):
        def test_a_fails(self):
            self.fail("no")

        def test_b_fails(self):
            self.fail("no")

        def test_c_passes(self):
            pass
""")

DYING = textwrap.dedent("""
    import os


    def test_before():
        pass


    def test_dies():
        os._exit(0)


    def test_after():
        pass
""")


def test_a_pytest_session_that_runs_everything_ends_with_nothing_unreported(tmp_path):
    (tmp_path / "test_cases.py").write_text(TESTS)
    code, events = run_pytest(tmp_path, "test_cases.py")
    assert code == 1
    assert ends(events) == [{"event": "end", "exitstatus": 1, "stopped": None, "unreported": []}]
    assert events[-1]["event"] == "end"


def test_a_pytest_session_stopped_by_x_names_what_it_did_not_run(tmp_path):
    (tmp_path / "test_cases.py").write_text(TESTS)
    code, events = run_pytest(tmp_path, "-x", "test_cases.py")
    assert code == 1
    assert finished(events) == {"test_cases.py::Cases::test_a_fails": "failed"}
    [end] = ends(events)
    assert end["stopped"]
    assert [test["id"] for test in end["unreported"]] == [
        "test_cases.py::Cases::test_b_fails", "test_cases.py::Cases::test_c_passes"]
    assert {test["scope"] for test in end["unreported"]} == {"test_cases.py"}


def test_a_pytest_process_that_exits_in_a_test_never_says_its_session_ended(tmp_path):
    (tmp_path / "test_dying.py").write_text(DYING)
    code, events = run_pytest(tmp_path, "test_dying.py")
    assert code == 0, "os._exit(0) in a test: the exit code alone looks like success"
    assert ends(events) == []
    assert finished(events) == {"test_dying.py::test_before": "passed"}


def test_the_unittest_runner_says_its_run_ended_in_order(tmp_path):
    (tmp_path / "test_cases.py").write_text(TESTS)
    code, events = run_unittest(tmp_path, "test_cases.py")
    assert code == 1
    assert ends(events) == [{"event": "end", "exitstatus": 1, "stopped": None, "unreported": [], "explained": []}]


def test_the_unittest_runner_dying_in_a_test_never_says_its_session_ended(tmp_path):
    (tmp_path / "test_dying.py").write_text(DYING.replace("def test_", "def unused_") + textwrap.dedent("""
        import unittest


        class Dying(unittest.TestCase):
            def test_before(self):
                pass

            def test_dies(self):
                os._exit(0)
    """))
    code, events = run_unittest(tmp_path, "test_dying.py")
    assert code == 0
    assert ends(events) == []
    assert finished(events) == {"test_dying.Dying.test_before": "passed"}


def test_tests_a_failed_class_fixture_kept_from_starting_are_explained_not_unreported(tmp_path):
    (tmp_path / "test_fixture.py").write_text(textwrap.dedent("""
        import unittest


        class Broken(unittest.TestCase):
            @classmethod
            def setUpClass(cls):
                raise RuntimeError("no database")

            def test_never_starts(self):
                pass


        class Skipping(unittest.TestCase):
            @classmethod
            def setUpClass(cls):
                raise unittest.SkipTest("not here")

            def test_skipped_with_its_class(self):
                pass


        class Fine(unittest.TestCase):
            def test_runs(self):
                pass
    """))
    code, events = run_unittest(tmp_path, "test_fixture.py")
    assert code == 1
    [end] = ends(events)
    assert end["unreported"] == []
    assert sorted(test["id"] for test in end["explained"]) == [
        "test_fixture.Broken.test_never_starts", "test_fixture.Skipping.test_skipped_with_its_class"]
    assert finished(events)["setUpClass (test_fixture.Broken)"] == "error"

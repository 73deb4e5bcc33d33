"""Fanout's plugin leaves out exactly the tests it is told to: pytest's own --deselect matches prefixes, so
leaving out test_a would also leave out test_a_b and test_a[1]."""

import textwrap

from runner_harness import finished, run_pytest

TESTS = textwrap.dedent("""
    import pytest


    def test_a():
        pass


    def test_a_b():
        pass


    @pytest.mark.parametrize("n", [1, 10])
    def test_p(n):
        pass


    class TestK:
        def test_m(self):
            pass

        def test_m_n(self):
            pass
""")


def test_deselecting_a_test_leaves_out_that_test_only(tmp_path):
    (tmp_path / "test_names.py").write_text(TESTS)
    code, events = run_pytest(
        tmp_path, "--fanout-deselect=test_names.py::test_a", "--fanout-deselect=test_names.py::test_p[1]",
        "--fanout-deselect=test_names.py::TestK::test_m", "test_names.py")
    assert code == 0
    assert set(finished(events)) == {
        "test_names.py::test_a_b", "test_names.py::test_p[10]", "test_names.py::TestK::test_m_n"}


def test_the_id_is_relative_to_the_workspace_whatever_pytest_names_it_from(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "pytest.ini").write_text("[pytest]\n")
    (tmp_path / "sub" / "test_names.py").write_text(TESTS)
    code, events = run_pytest(tmp_path, "--fanout-deselect=sub/test_names.py::test_a", "sub/test_names.py")
    assert code == 0
    assert "test_names.py::test_a" not in finished(events)
    assert "test_names.py::test_a_b" in finished(events)

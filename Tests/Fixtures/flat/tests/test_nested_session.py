"""A pytest session inside a test (as pytester's inline runs start) collects its own directory in full, whatever
Fanout's batch restricted the outer collection to."""
import pytest


class Passed:
    def __init__(self):
        self.ids = []

    def pytest_runtest_logreport(self, report):
        if report.when == "call" and report.passed:
            self.ids.append(report.nodeid)


def test_an_inner_session_collects_every_file(tmp_path):
    for name in ("test_one.py", "test_two.py", "test_three.py"):
        (tmp_path / name).write_text("def test_inner():\n    pass\n")
    passed = Passed()
    code = pytest.main([str(tmp_path), "-q", "-p", "no:cacheprovider", "--rootdir", str(tmp_path)],
                       plugins=[passed])
    assert code == 0
    assert sorted(passed.ids) == ["test_one.py::test_inner", "test_three.py::test_inner", "test_two.py::test_inner"]

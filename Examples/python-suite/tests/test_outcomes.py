import sys

import pytest


@pytest.mark.skip(reason="demonstrates a skip with a reason")
def test_skipped():
    raise AssertionError("never runs")


@pytest.mark.skipif(sys.platform != "nonexistent-platform", reason="only runs on an imaginary platform")
def test_skipif():
    raise AssertionError("never runs")


@pytest.mark.xfail(reason="known bug #12")
def test_expected_failure():
    assert 1 == 2


@pytest.mark.xfail(reason="fixed but not yet unmarked")
def test_unexpected_pass():
    assert True


@pytest.mark.xfail(strict=True, reason="strict xfail that passes")
def test_strict_xpass():
    assert True


def test_fixture_error(broken_resource):
    assert broken_resource


def test_imperative_skip():
    pytest.skip("skipped from inside the test")

import pytest


@pytest.mark.skip(reason="not on this platform")
def test_platform_only():
    pass


def test_prints():
    print("hello from a check")

import time

import pytest


@pytest.mark.slow
def test_slow_one():
    time.sleep(1.0)


@pytest.mark.slow
def test_slow_two():
    time.sleep(1.0)

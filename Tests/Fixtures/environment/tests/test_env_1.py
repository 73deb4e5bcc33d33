import os
import time


def test_environment_is_sound():
    assert "FANOUT_FIXTURE_BROKEN" not in os.environ, "the environment is broken"


def test_work():
    time.sleep(0.2)

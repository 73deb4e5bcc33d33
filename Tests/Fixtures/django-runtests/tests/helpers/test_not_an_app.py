def test_never_run():
    raise AssertionError("helpers is not a test app: runtests.py never runs it")

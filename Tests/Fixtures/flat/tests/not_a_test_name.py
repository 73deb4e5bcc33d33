def test_never_collected():
    raise AssertionError("pytest collects only test_*.py files when it walks a directory")

"""Not a test file: pytest's default python_files patterns do not match it."""


def double(x):
    return 2 * x

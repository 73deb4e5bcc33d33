"""A test file with no tests in it."""

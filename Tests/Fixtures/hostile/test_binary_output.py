import sys


def test_fails_after_printing_bytes_that_are_not_utf8():
    sys.stdout.buffer.write(b"before \xff\xfe\xc3( after\n")
    sys.stdout.flush()
    assert False, "failed after printing bytes that are not UTF-8"

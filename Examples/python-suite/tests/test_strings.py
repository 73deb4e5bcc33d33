import sys


def test_upper(greeting):
    assert greeting.upper() == "HELLO"


def test_join():
    assert "-".join(["a", "b"]) == "a-b"


def test_reverse_is_wrong():
    print("this line is captured stdout")
    print("and this one goes to stderr", file=sys.stderr)
    assert "fanout"[::-1] == "fanout", "reversing a word that is not a palindrome changes it"

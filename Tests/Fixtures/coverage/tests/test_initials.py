from calc.text import initials


def test_initials():
    assert initials("ada  lovelace") == "AL"

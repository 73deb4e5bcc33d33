import pytest

ODD_IDS = [
    "with space",
    "single'quote",
    'double"quote',
    "dollar$HOME",
    "semi;colon|pipe&amp",
    "back\\slash",
    "brackets[in]side",
    "unicode-é-日本",
    "star*glob?",
]


@pytest.mark.parametrize("value", [pytest.param(text, id=text) for text in ODD_IDS])
def test_odd_ids(value):
    assert isinstance(value, str)


@pytest.mark.parametrize("a,b,total", [(1, 2, 3), (2, 2, 4), (5, 5, 11)])
def test_sums(a, b, total):
    assert a + b == total

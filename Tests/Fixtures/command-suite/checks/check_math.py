def test_adds():
    assert 1 + 1 == 2


def test_subtracts_wrong():
    assert 3 - 1 == 1

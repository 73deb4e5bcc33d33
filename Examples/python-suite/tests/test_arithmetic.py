def test_addition():
    assert 1 + 1 == 2


def test_multiplication():
    assert 6 * 7 == 42


def test_division():
    assert 10 / 4 == 2.5


class TestPowers:
    def test_square(self):
        assert 3**2 == 9

    def test_cube(self):
        assert 2**3 == 8

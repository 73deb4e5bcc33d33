def test_flat():
    assert "09"

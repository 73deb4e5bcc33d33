def test_flat():
    assert "29"

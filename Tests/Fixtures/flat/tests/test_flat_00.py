def test_flat():
    assert "00"

def test_flat():
    assert "12"

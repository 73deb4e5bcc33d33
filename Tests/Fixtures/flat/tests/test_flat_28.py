def test_flat():
    assert "28"

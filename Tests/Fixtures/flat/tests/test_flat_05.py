def test_flat():
    assert "05"

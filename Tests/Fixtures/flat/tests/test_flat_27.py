def test_flat():
    assert "27"

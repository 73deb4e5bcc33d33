def test_flat():
    assert "10"

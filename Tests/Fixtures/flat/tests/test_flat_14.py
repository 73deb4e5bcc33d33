def test_flat():
    assert "14"

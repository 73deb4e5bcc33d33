def test_flat():
    assert "20"

def test_flat():
    assert "18"

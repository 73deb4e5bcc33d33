def test_flat():
    assert "24"

def test_flat():
    assert "16"

def test_flat():
    assert "11"

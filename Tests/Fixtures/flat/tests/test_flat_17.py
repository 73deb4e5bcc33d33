def test_flat():
    assert "17"

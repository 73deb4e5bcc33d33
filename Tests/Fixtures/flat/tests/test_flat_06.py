def test_flat():
    assert "06"

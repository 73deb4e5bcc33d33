def test_flat():
    assert "01"

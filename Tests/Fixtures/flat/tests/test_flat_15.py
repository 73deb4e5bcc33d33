def test_flat():
    assert "15"

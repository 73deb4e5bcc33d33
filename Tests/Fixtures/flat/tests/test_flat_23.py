def test_flat():
    assert "23"

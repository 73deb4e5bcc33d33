def test_flat():
    assert "03"

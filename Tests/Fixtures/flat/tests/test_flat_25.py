def test_flat():
    assert "25"

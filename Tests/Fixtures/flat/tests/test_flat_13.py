def test_flat():
    assert "13"

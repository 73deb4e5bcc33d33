def test_flat():
    assert "19"

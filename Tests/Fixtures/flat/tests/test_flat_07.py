def test_flat():
    assert "07"

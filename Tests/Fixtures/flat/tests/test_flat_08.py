def test_flat():
    assert "08"

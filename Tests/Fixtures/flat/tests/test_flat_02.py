def test_flat():
    assert "02"

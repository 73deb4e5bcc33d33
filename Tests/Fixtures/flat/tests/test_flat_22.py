def test_flat():
    assert "22"

def test_flat():
    assert "04"

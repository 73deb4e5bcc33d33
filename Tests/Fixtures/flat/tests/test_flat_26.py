def test_flat():
    assert "26"

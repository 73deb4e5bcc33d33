def test_flat():
    assert "21"

def test_in_the_same_batch():
    assert True

def test_in_a_subdirectory():
    assert True

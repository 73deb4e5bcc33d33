import rows


def test_writes_the_shared_key():
    rows.write_and_check("shared")


def test_writes_its_own_key():
    rows.write_and_check("file-3")

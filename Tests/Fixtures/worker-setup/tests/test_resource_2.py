import workerresource


def test_finds_what_its_worker_setup_made():
    workerresource.check()

import os


def test_worker_environment():
    assert os.environ.get("FANOUT_WORKER", "local").count("-s") <= 1


def test_tmpdir_is_writable(tmp_path):
    (tmp_path / "file.txt").write_text("ok")
    assert (tmp_path / "file.txt").read_text() == "ok"

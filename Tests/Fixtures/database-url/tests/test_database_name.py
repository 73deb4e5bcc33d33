import os


def test_the_url_names_this_workers_clone_when_fanout_runs_it():
    name = os.environ.get("FANOUT_DATABASE")
    if name is None:
        return
    assert name in os.environ["DATABASE_URL"]
    assert "_fanout_" in name

"""fanout_warm_worker.py, pytest's warm worker: the verdict of its prepared-config check outlives the run's
directory (the agent's is new every run) in Fanout's cache directory, and is used from there."""
import json
import os
import shutil
import socket
import subprocess
import sys

from runner_harness import ADAPTERS, PYTEST_PLUGIN


def start(tmp_path, cache):
    """The worker as the agent starts it: copied into a support directory of its own with the fork protocol."""
    support = tmp_path / "support"
    support.mkdir(exist_ok=True)
    for source in (ADAPTERS / "Pytest" / "Python" / "fanout_warm_worker.py",
                   ADAPTERS / "Python" / "Python" / "fanout_warm_forks.py",
                   ADAPTERS / "Python" / "Python" / "fanout_page_copies.py"):
        shutil.copy(source, support / source.name)
    workspace = tmp_path / "workspace"
    workspace.mkdir(exist_ok=True)
    (workspace / "test_one.py").write_text("def test_one():\n    assert True\n")
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    env = dict(os.environ, FANOUT_WARM_FD=str(theirs.fileno()), FANOUT_WARM_ARGS="[]",
               FANOUT_PLUGIN_PATH=str(PYTEST_PLUGIN), PYTEST_ADDOPTS="-p no:cacheprovider")
    env.pop("FANOUT_CACHE_DIR", None)
    if cache is not None:
        env["FANOUT_CACHE_DIR"] = str(cache)
    process = subprocess.Popen([sys.executable, str(support / "fanout_warm_worker.py")], cwd=workspace, env=env,
                               pass_fds=(theirs.fileno(),), stderr=subprocess.PIPE, text=True)
    theirs.close()
    ready = json.loads(ours.recv(100))
    ours.close()
    _, stderr = process.communicate(timeout=60)
    return ready, stderr


def test_the_verdict_is_kept_in_the_cache_directory_and_used_from_there(tmp_path):
    cache = tmp_path / "cache" / "fanout"
    ready, stderr = start(tmp_path, cache)
    assert ready == {"ready": True}
    verdicts = json.loads((cache / "pytest-prepared-config-verdicts.json").read_text())
    assert list(verdicts.values()) == [True], stderr
    assert not (tmp_path / "support" / "pytest-prepared-config-verdicts.json").exists()
    # A remembered "no" is believed without trying again: the worker says so and builds configs per batch.
    (cache / "pytest-prepared-config-verdicts.json").write_text(json.dumps({key: False for key in verdicts}))
    ready, stderr = start(tmp_path, cache)
    assert ready == {"ready": True}
    assert "does not take a prepared config" in stderr


def test_without_a_cache_directory_nothing_is_kept(tmp_path):
    ready, stderr = start(tmp_path, None)
    assert ready == {"ready": True}
    assert "does not take a prepared config" not in stderr
    assert sorted(os.listdir(tmp_path / "support")) == [
        "fanout_page_copies.py", "fanout_warm_forks.py", "fanout_warm_worker.py"]

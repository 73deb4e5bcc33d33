"""The pytest plugin's bytecode cache: where the environment turns bytecode writing off, compiled and rewritten
test files are kept in Fanout's directory (FANOUT_BYTECODE_CACHE), never beside the sources, and used again."""
import os
import sys

from runner_harness import PYTEST_BOOTSTRAP, finished, run


def write_suite(workspace):
    (workspace / "tests").mkdir(parents=True)
    (workspace / "tests" / "test_cached.py").write_text(
        "import sys\n\n\ndef test_rewritten():\n    assert [1] == [1]\n\n\n"
        "def test_sees_the_users_setting():\n    assert sys.flags.dont_write_bytecode\n")


def run_suite(workspace, cache, **extra):
    env = {"PYTHONDONTWRITEBYTECODE": "1", "FANOUT_BYTECODE_CACHE": str(cache), **extra}
    return run([sys.executable, "-c", PYTEST_BOOTSTRAP.read_text(), "tests"], workspace, env)


def cached_files(cache):
    return sorted(os.path.join(directory, name) for directory, _, names in os.walk(cache) for name in names)


def test_compiled_test_files_are_kept_in_fanouts_directory_and_used_again(tmp_path):
    workspace, cache = tmp_path / "ws", tmp_path / "ws" / ".fanout" / "pycache"
    write_suite(workspace)
    code, events = run_suite(workspace, cache)
    assert code == 0
    assert set(finished(events).values()) == {"passed"}
    cached = [path for path in cached_files(cache) if os.path.basename(path).startswith("test_cached.")]
    assert len(cached) == 1 and "pytest" in os.path.basename(cached[0])  # the rewritten file, under pytest's tag
    assert not any("__pycache__" in dirs for dirs, _, _ in os.walk(workspace / "tests"))
    path = cached[0]
    written = os.stat(path).st_mtime_ns
    code, events = run_suite(workspace, cache)
    assert code == 0 and set(finished(events).values()) == {"passed"}
    assert os.stat(path).st_mtime_ns == written  # read, not written again


def test_a_prefix_of_the_users_own_is_left_alone(tmp_path):
    workspace, cache, theirs = tmp_path / "ws", tmp_path / "ours", tmp_path / "theirs"
    write_suite(workspace)
    code, _ = run_suite(workspace, cache, PYTHONPYCACHEPREFIX=str(theirs))
    assert code == 0
    assert not cache.exists()


def test_with_bytecode_writing_on_nothing_changes(tmp_path):
    workspace, cache = tmp_path / "ws", tmp_path / "ours"
    write_suite(workspace)
    code, events = run_suite(workspace, cache, PYTHONDONTWRITEBYTECODE="")
    assert code == 1  # the test that expects the setting fails, as it should here
    assert finished(events)["tests/test_cached.py::test_sees_the_users_setting"] == "failed"
    assert not cache.exists()
    assert (workspace / "tests" / "__pycache__").is_dir()

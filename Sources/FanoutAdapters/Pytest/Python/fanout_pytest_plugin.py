"""Fanout's pytest plugin: reports every test's outcome to the Fanout agent as JSON lines."""
import json
import os
import sys
import time

import pytest as _pytest_api

_FD = int(os.environ.get("FANOUT_RESULT_FD", "-1"))
_WORKSPACE = os.environ.get("FANOUT_WORKSPACE") or os.getcwd()
_LIMIT = int(os.environ.get("FANOUT_CAPTURE_LIMIT", "65536"))
_COLLECT = os.environ.get("FANOUT_COLLECT") == "1"
_ROOT = [os.getcwd()]
_SCOPES = {}
_STATE = {}
# Tests of this session that reported their end, to tell at its end which ones never did.
_REPORTED = set()


def _cache_bytecode():
    """Where the environment turns bytecode writing off (PYTHONDONTWRITEBYTECODE, common in CI images) and names
    no cache of its own (PYTHONPYCACHEPREFIX), every batch would compile and assertion-rewrite every test file
    again, in every run: about 4 ms of a trivial file's 7. The compiled files are kept in Fanout's own directory
    (FANOUT_BYTECODE_CACHE, under the workspace's .fanout) instead, so nothing is written beside the sources.
    Only this process changes: the processes tests start still see the variable. Called once pytest's plugins
    are loaded, so they keep coming from their installed bytecode and only what is imported after them (conftest
    files, test files, what tests import) is compiled into the cache."""
    directory = os.environ.get("FANOUT_BYTECODE_CACHE")
    if directory and os.path.isabs(directory) and sys.dont_write_bytecode and not sys.pycache_prefix:
        sys.pycache_prefix = directory
        sys.dont_write_bytecode = False


def pytest_load_initial_conftests():
    _cache_bytecode()


def _measure_batch_coverage(config):
    """Where Fanout measures coverage (FANOUT_COVERAGE=1), pytest-cov writes this batch's data where COVERAGE_FILE
    says, in a directory of the batch's own, made here; the controller combines every batch's data and reports
    once, as pytest-cov reports a whole run. A batch's own report, and a fail-under over a part of the suite,
    would only mislead, so pytest-cov is told to make none (before its session, the only time it looks)."""
    if os.environ.get("FANOUT_COVERAGE") != "1":
        return
    data_file = os.environ.get("COVERAGE_FILE")
    if data_file:
        os.makedirs(os.path.dirname(os.path.abspath(data_file)), exist_ok=True)
    options = getattr(config.pluginmanager.getplugin("_cov"), "options", None)
    if options is not None:
        options.cov_report = {}
        options.cov_fail_under = None


def _clean(text):
    if text is None:
        return None
    if not isinstance(text, str):
        text = str(text)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    if len(text) > _LIMIT:
        head = _LIMIT // 4
        tail = _LIMIT - head
        cut = len(text) - _LIMIT
        text = text[:head] + "\n... [%d characters cut by fanout] ...\n" % cut + text[-tail:]
    return text or None


def _emit(event):
    if _FD < 0:
        return
    data = (json.dumps(event) + "\n").encode("ascii")
    view = memoryview(data)
    while view:
        view = view[os.write(_FD, view):]


def _relative(path):
    try:
        rel = os.path.relpath(str(path), _WORKSPACE)
    except ValueError:
        rel = str(path)
    return rel.replace(os.sep, "/")


def _scope(nodeid):
    scope = _SCOPES.get(nodeid)
    if scope is None:
        file_part = nodeid.split("::")[0]
        scope = _relative(os.path.join(_ROOT[0], file_part)) if file_part else ""
    return scope


def _crash_message(report):
    crash = getattr(report.longrepr, "reprcrash", None)
    if crash is not None and getattr(crash, "message", None):
        return crash.message
    lines = [line for line in str(report.longreprtext or "").splitlines() if line.strip()]
    if not lines:
        return None
    last = lines[-1]
    # pytest indents exception lines with an "E" margin; the message is what follows it.
    return last[1:].strip() if last.startswith("E ") else last


def _skip_reason(report):
    longrepr = report.longrepr
    reason = longrepr[2] if isinstance(longrepr, tuple) and len(longrepr) == 3 else str(longrepr)
    return reason[len("Skipped: "):] if reason.startswith("Skipped: ") else reason


def pytest_addoption(parser):
    # Whole files of the batch, collected by walking their directories (given as arguments) rather
    # than given one by one: pytest re-lists a directory for every file argument in it, which is
    # quadratic in the batch size for the flat test directories real suites have.
    parser.addoption("--fanout-file", action="append", default=[], dest="fanout_files", help="(Fanout)")
    # Tests to leave out, by exact id (workspace-relative file, then the rest of the node id). pytest's own
    # --deselect matches prefixes: leaving out test_a would also leave out test_a_b.
    parser.addoption("--fanout-deselect", action="append", default=[], dest="fanout_deselect", help="(Fanout)")


_ONLY = {}
# What a warm worker learns from its warm-up session.
_WARM_UP = {}


def pytest_configure(config):
    if not _WARM_UP:
        try:
            _WARM_UP["addopts"] = list(config.getini("addopts") or [])
        except Exception:
            _WARM_UP["addopts"] = []
    # A warm worker's fork inherits whatever its warm-up session left here.
    _ONLY.clear()
    _SCOPES.clear()
    _STATE.clear()
    _REPORTED.clear()
    _ROOT[0] = str(config.rootpath)
    _measure_batch_coverage(config)
    if config.pluginmanager.hasplugin("django") and not config.pluginmanager.hasplugin("fanout-django-suffix"):
        # Registered after pytest-django, so this fixture is the one its database setup gets.
        config.pluginmanager.register(DjangoWorkerSuffix(), "fanout-django-suffix")
    files = [os.path.abspath(path) for path in config.getoption("fanout_files", None) or []]
    if files:
        _ONLY["files"] = set(files)
        _ONLY["dirs"] = {parent for path in files for parent in _parents(path)}


class DjangoWorkerSuffix:
    """pytest-django gives each xdist worker test databases of its own (`test_app_gw0`), but reads the worker
    from `config.workerinput`, which only xdist sets; setting that would make pytest-cov and other plugins
    take the process for an xdist worker. Fanout's slots carry the same name in PYTEST_XDIST_WORKER (gw and
    the run-wide slot number), so this fixture, in place of pytest-django's, takes it from there."""

    @_pytest_api.fixture(scope="session")
    def django_db_modify_db_settings_xdist_suffix(self, request):
        from pytest_django.fixtures import _set_suffix_to_test_databases, skip_if_no_django

        skip_if_no_django()
        suffix = getattr(request.config, "workerinput", {}).get("workerid") or os.environ.get("PYTEST_XDIST_WORKER")
        if suffix:
            _set_suffix_to_test_databases(suffix=suffix)


def _parents(path):
    parent = os.path.dirname(path)
    while parent and parent != path:
        yield parent
        path, parent = parent, os.path.dirname(parent)


def pytest_collect_file(file_path, parent):
    # A batch file that pytest would collect only when named on the command line (it does not match
    # python_files): collect it as the command line would have.
    if not _ONLY or str(file_path) not in _ONLY["files"] or file_path.suffix != ".py":
        return None
    try:
        from _pytest.python import path_matches_patterns
        import pytest
        if path_matches_patterns(file_path, parent.config.getini("python_files") + ["__init__.py"]):
            return None
        return pytest.Module.from_parent(parent, path=file_path)
    except Exception:
        return None


@_pytest_api.hookimpl(tryfirst=True)
def pytest_ignore_collect(collection_path, config):
    if not _ONLY:
        return None
    path = str(collection_path)
    if path in _ONLY["files"] or path in _ONLY["dirs"]:
        return None
    return True


# Collection walks every directory on the way to the batch's files and asks every plugin about each
# entry in it (hundreds, in the flat test directories real suites have); the ignore hook above turns
# away all but the batch's files and their directories. While this session collects, the listings pytest
# walks leave out, up front, exactly the entries that hook would turn away: those neither the batch's
# nor named on the command line (which pytest never asks about).
_LISTING = {}


def _batch_listing(scandir):
    def listing(path, *args, **kwargs):
        entries = scandir(path, *args, **kwargs)
        session = _LISTING.get("session")
        if session is None:
            return entries
        keep = _LISTING.get("keep")
        if keep is None:
            # The command line's paths are known once collection has begun.
            named = {str(path) for path in session._initialpaths_with_parents}
            keep = _LISTING["keep"] = _ONLY["files"] | _ONLY["dirs"] | named
        return [entry for entry in entries if entry.path in keep]
    listing.fanout_original = scandir
    return listing


@_pytest_api.hookimpl(hookwrapper=True)
def pytest_collection(session):
    modules = []
    if _ONLY and not _COLLECT:
        try:
            import _pytest.main
            import _pytest.python
            modules = [module for module in (_pytest.main, _pytest.python) if hasattr(module, "scandir")]
            session._initialpaths_with_parents  # noqa: B018 (pytest 8 and later: else, no shortcut)
            _LISTING["session"] = session
            for module in modules:
                module.scandir = _batch_listing(module.scandir)
        except Exception:
            _LISTING.clear()
            modules = []
    try:
        yield
    finally:
        _LISTING.clear()
        for module in modules:
            module.scandir = module.scandir.fanout_original


def pytest_itemcollected(item):
    path = getattr(item, "path", None) or getattr(item, "fspath", None)
    if path is not None:
        _SCOPES[item.nodeid] = _relative(path)


def pytest_runtest_logstart(nodeid, location):
    now = time.time()
    _STATE[nodeid] = {"start": now, "clock": time.perf_counter(), "duration": 0.0, "failed": []}
    _emit({"event": "start", "id": nodeid, "scope": _scope(nodeid), "at": now})


def pytest_runtest_logreport(report):
    if report.outcome not in ("passed", "failed", "skipped"):
        return  # reruns and other plugin outcomes are not final
    state = _STATE.setdefault(report.nodeid, {"start": time.time(), "duration": 0.0, "failed": []})
    state["duration"] += report.duration or 0.0
    xfail_reason = getattr(report, "wasxfail", None)
    if report.failed:
        state["failed"].append(report.when)
        state.setdefault("texts", []).append(report.longreprtext)
        state.setdefault("message", _crash_message(report))
    elif report.skipped:
        state["skipped"] = "xfailed" if xfail_reason is not None else "skipped"
        state.setdefault("message", xfail_reason if xfail_reason is not None else _skip_reason(report))
    elif report.when == "call":
        state["passed"] = "xpassed" if xfail_reason is not None else "passed"
        if xfail_reason:
            state.setdefault("message", xfail_reason)
    state["stdout"] = report.capstdout
    state["stderr"] = report.capstderr


def pytest_runtest_logfinish(nodeid, location):
    state = _STATE.pop(nodeid, None) or {"start": time.time(), "duration": 0.0, "failed": []}
    _REPORTED.add(nodeid)
    failed = state["failed"]
    if "setup" in failed:
        outcome = "error"
    elif "call" in failed:
        outcome = "failed"
    elif "teardown" in failed:
        outcome = "error"
    elif "skipped" in state:
        outcome = state["skipped"]
    else:
        outcome = state.get("passed", "passed")
    _emit({
        "event": "finish", "id": nodeid, "scope": _scope(nodeid), "outcome": outcome,
        "duration": _cost(state), "at": state["start"],
        "message": _clean(state.get("message")),
        "details": _clean("\n\n".join(state.get("texts", []))),
        "stdout": _clean(state.get("stdout")), "stderr": _clean(state.get("stderr")),
    })


def _cost(state):
    """What the test cost its process: from its start to its end, with the hooks and reporting between its
    phases, which pytest's per-phase durations leave out (about a millisecond a test, which is most of a trivial
    suite's time: a history without it takes a thousand such tests for no work and puts them on one slot)."""
    clock = state.get("clock")
    return max(state["duration"], time.perf_counter() - clock) if clock is not None else state["duration"]


def pytest_sessionfinish(session, exitstatus):
    # The session ended in order: say so, with the tests it selected and never reported (a session stopped by
    # -x or --maxfail leaves some). A process that ends without this line did not finish its session.
    if _COLLECT:
        return
    stopped = session.shouldstop or session.shouldfail
    _emit({
        "event": "end", "exitstatus": int(exitstatus),
        "stopped": _clean(stopped) if stopped else None,
        "unreported": [
            {"id": item.nodeid, "scope": _scope(item.nodeid)}
            for item in getattr(session, "items", []) if item.nodeid not in _REPORTED
        ],
    })


def pytest_collection_modifyitems(session, config, items):
    unwanted = set(config.getoption("fanout_deselect", None) or [])
    if not unwanted:
        return
    kept, dropped = [], []
    for item in items:
        separator = item.nodeid.find("::")
        key = _scope(item.nodeid) + (item.nodeid[separator:] if separator >= 0 else "")
        (dropped if key in unwanted else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


def pytest_collection_finish(session):
    if _COLLECT:
        for item in session.items:
            _emit({"event": "collected", "id": item.nodeid, "scope": _scope(item.nodeid)})


def pytest_collectreport(report):
    if report.passed or _COLLECT:
        return
    if report.failed:
        outcome, message, details = "error", _crash_message(report), report.longreprtext
    else:
        outcome, message, details = "skipped", _skip_reason(report), None
    _emit({
        "event": "finish", "id": report.nodeid, "scope": _scope(report.nodeid), "outcome": outcome,
        "duration": 0.0, "at": time.time(), "message": _clean(message), "details": _clean(details),
        "collection": True,
    })

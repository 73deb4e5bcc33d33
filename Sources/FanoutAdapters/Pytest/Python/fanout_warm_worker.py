"""The warm pytest worker: the host's zygote and each slot's worker forked from it (fanout_warm_forks.py).

A Python process that imports pytest, its plugins (through one pytest session that collects nothing and loads
no conftest, so plugins load exactly as in a batch), Fanout's plugin and the user's `warm_imports` once, then
runs every batch in a fresh fork of itself (fanout_warm_forks.py, loaded from beside this file, has the
protocol), so batches start without paying for imports and still cannot leak state into each other.
"""
import importlib.util
import json
import os
import sys
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[0] = ""  # as under `python -c`, which cold batches use: the working directory, not this file's


def load(name, path):
    """A module from its file, without putting Fanout's directory on `sys.path` (tests import nothing of it)."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


forks = load("fanout_warm_forks", os.path.join(HERE, "fanout_warm_forks.py"))
control = forks.control_socket()
plugin = load("fanout_pytest_plugin", os.environ["FANOUT_PLUGIN_PATH"])
import pytest
import _pytest.config as pytest_config
warm_args = json.loads(os.environ["FANOUT_WARM_ARGS"])


# Argument names of hook implementations and fixtures are computed again in every session, from
# functions that cannot change: remember them (from the warm-up on, so its plugins are known).
def remembered(compute, key_of):
    known = {}

    def lookup(*args, **kwargs):
        try:
            key = key_of(*args, **kwargs)
            value = known.get(key)
        except TypeError:
            return compute(*args, **kwargs)
        if value is None:
            value = known[key] = compute(*args, **kwargs)
        return value
    return lookup


try:
    import inspect
    import pluggy._hooks
    import _pytest.compat
    import _pytest.fixtures
    pluggy._hooks.varnames = remembered(
        pluggy._hooks.varnames, lambda func: (getattr(func, "__func__", func), inspect.ismethod(func)))
    _pytest.fixtures.getfuncargnames = _pytest.compat.getfuncargnames = remembered(
        _pytest.compat.getfuncargnames, lambda function, *args, **kwargs: (
            function, args, tuple(sorted(kwargs.items()))))
except Exception:
    traceback.print_exc()


# Every session reads the metadata files of every installed distribution again (to find plugin entry
# points and mark plugin modules for assertion rewriting): read them once, here.
# Lazily: what the warm-up session reads is then known to every fork, and nothing else is read at all.
import functools


class InstalledDistribution:
    def __init__(self, dist):
        self._dist = dist

    entry_points = functools.cached_property(lambda self: self._dist.entry_points)
    files = functools.cached_property(lambda self: self._dist.files)
    metadata = functools.cached_property(lambda self: self._dist.metadata)
    version = functools.cached_property(lambda self: self._dist.version)

    def __getattr__(self, name):
        return getattr(self._dist, name)


try:
    import importlib.metadata
    all_distributions = importlib.metadata.distributions
    installed = [InstalledDistribution(dist) for dist in all_distributions()]
    importlib.metadata.distributions = lambda **kwargs: iter(installed) if not kwargs else all_distributions(
        **kwargs)
except Exception:
    traceback.print_exc()

# Every session looks for fixtures in every plugin by reading all the plugin's attributes (hundreds
# each: functions, constants, imports). The warm-up session reads each module and plugin class once
# and keeps the names that can be fixtures; later sessions use those while the namespace keeps the
# size it had then, and read it in full otherwise.
import types
import _pytest.compat
import _pytest.fixtures


class FixtureNames:
    def __init__(self):
        self.known = {}
        self.learning = True

    @staticmethod
    def may_be_fixture(value):
        if value is None or isinstance(value, (type, types.ModuleType, types.BuiltinFunctionType, str, bytes,
                                               int, float, tuple, list, dict, set, frozenset)):
            return False
        if type(value) is types.FunctionType:
            return "_pytestfixturefunction" in value.__dict__ or "_fixture_function_marker" in value.__dict__
        return True

    @staticmethod
    def source(holder):
        """What decides a holder's candidates: the module itself, or the class of a plugin object (whose
        instance attributes parsefactories looks up on the class, finding nothing)."""
        if type(holder) is types.ModuleType:
            return holder if "__dir__" not in holder.__dict__ else None
        if isinstance(holder, type) or type(holder).__dir__ is not object.__dir__:
            return None
        return type(holder)

    @staticmethod
    def shape(source):
        classes = source.__mro__ if isinstance(source, type) else (source,)
        return tuple(len(vars(each)) for each in classes)

    def __call__(self, holder):
        source = self.source(holder)
        if source is not None:
            known = self.known.get(id(source))
            if known is not None and known[0] is source and known[1] == self.shape(source):
                return list(known[2])
            if self.learning:
                self.remember(source)
        return dir(holder)

    def remember(self, source):
        """Reads a holder's candidates as they are now: during a session (plugins may patch classes for
        its duration), or for a plugin module between sessions."""
        try:
            names = [name for name in dir(source)
                     if self.may_be_fixture(_pytest.compat.safe_getattr(source, name, None))]
            self.known[id(source)] = (source, self.shape(source), names)
        except Exception:
            pass

    def learn(self, plugins):
        """Ends learning, after also reading the plugin modules the warm-up did not register."""
        for plugin in plugins:
            source = self.source(plugin)
            if type(plugin) is types.ModuleType and source is not None and id(source) not in self.known:
                self.remember(source)
        self.learning = False


fixture_names = FixtureNames()
_pytest.fixtures.dir = fixture_names  # the only `dir` there is parsefactories' walk over a holder


# Some plugins ask for the interpreter's architecture every session, which runs `file` on it.
import platform
platform.architecture = functools.lru_cache(maxsize=None)(platform.architecture)


# Warm up through pytest itself, in a session that collects nothing and loads no conftest: plugins
# load (and get assertion-rewritten) as in a batch, and what they import lazily is imported now.
result_fd, plugin._FD = plugin._FD, -1  # nothing to report from the warm-up
warm_up_args = warm_args + [
    "--collect-only", "-q", "--noconftest", "-p", "no:cacheprovider",
    "--fanout-file=" + os.path.join(os.getcwd(), ".fanout-warm-up-collects-nothing"), os.getcwd()]
# Where Fanout measures coverage, only batches do: a warm-up under pytest-cov would write (and first erase) the
# default data file in the workspace.
if os.environ.get("FANOUT_COVERAGE") == "1" and importlib.util.find_spec("pytest_cov") is not None:
    warm_up_args.append("--no-cov")
warm_up_code = pytest.main(list(warm_up_args), plugins=[plugin])
plugin._FD = result_fd
forks.import_warm_modules()


def named_plugins(args):
    """The plugins `-p NAME` arguments load (not the `-p no:NAME` ones, which block)."""
    names = []
    for index, arg in enumerate(args):
        if arg == "-p" and index + 1 < len(args):
            names.append(args[index + 1])
        elif arg.startswith("-p") and len(arg) > 2:
            names.append(arg[2:])
    return [name for name in names if not name.startswith("no:")]


# What pytest.main builds before parsing a batch's arguments does not depend on them: a plugin manager
# with pytest's own plugins and Fanout's registered (the run's `-p no:NAME` applied), and the plugins
# installed packages declare, which pytest would load next unless a `-p NAME` comes first (then they
# are left to each batch, in pytest's order). Build it once; every batch's fork starts from its own
# copy and goes on exactly as pytest.main would.
import pathlib
import shlex
try:
    prepared = pytest_config.get_config(warm_args, plugins=[plugin])
    prepared.pluginmanager.register(plugin)
    early_args = shlex.split(os.environ.get("PYTEST_ADDOPTS", "")) + plugin._WARM_UP.get("addopts", []) \
        + warm_args
    if not os.environ.get("PYTEST_DISABLE_PLUGIN_AUTOLOAD") and not named_plugins(early_args):
        prepared.pluginmanager.consider_preparse(early_args, exclude_only=True)
        prepared.pluginmanager.load_setuptools_entrypoints("pytest11")
except Exception:
    traceback.print_exc()
    prepared = None


build_config = pytest_config._prepareconfig


def prepare_config(args, plugins=None, **_):
    # Only the batch's own session starts from the prepared config; one a test starts (pytester's inline
    # runs) builds its own, as it would anywhere.
    pytest_config._prepareconfig = build_config
    prepared.invocation_params = pytest_config.Config.InvocationParams(
        args=args, plugins=plugins, dir=pathlib.Path.cwd())
    manager = prepared.pluginmanager
    try:
        return manager.hook.pytest_cmdline_parse(pluginmanager=manager, args=args)
    except BaseException:
        prepared._ensure_unconfigure()
        raise


def prepared_config_works():
    """Runs the warm-up session again in a fork, from the prepared config: pytest's internals differ
    between versions, so the shortcut is taken only where it ends exactly as pytest.main did."""
    pid = os.fork()
    if pid == 0:
        quiet = os.open(os.devnull, os.O_WRONLY)
        os.dup2(quiet, 1)
        os.dup2(quiet, 2)
        plugin._FD = -1
        pytest_config._prepareconfig = prepare_config
        try:
            code = int(pytest.main(list(warm_up_args), plugins=[plugin]))
        except BaseException:
            code = 99
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status) == int(warm_up_code)


# The agent's own directory is new in every run: the verdicts live in the user's Fanout cache (FANOUT_CACHE_DIR),
# or nowhere, and the check then runs at every warm-up.
CACHE = os.environ.get("FANOUT_CACHE_DIR", "")
VERDICTS = os.path.join(CACHE, "pytest-prepared-config-verdicts.json") if os.path.isabs(CACHE) else None


def verdict_key():
    """What decides whether the shortcut works here: the interpreter, the installed distributions (their
    metadata directories name their versions), the run's pytest arguments and options, the workspace, and
    Fanout's own Python (this file and the plugin, which change with Fanout)."""
    import hashlib
    parts = [sys.version, os.getcwd(), json.dumps(warm_up_args), os.environ.get("PYTEST_ADDOPTS", ""),
             json.dumps(plugin._WARM_UP.get("addopts", []))]
    for path in (os.path.abspath(__file__), os.environ["FANOUT_PLUGIN_PATH"]):
        with open(path, "rb") as handle:
            parts.append(hashlib.sha256(handle.read()).hexdigest())
    parts += sorted(str(getattr(dist._dist, "_path", "")) for dist in installed)
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


def remembered_verdict(key):
    if VERDICTS is None:
        return None
    try:
        with open(VERDICTS) as handle:
            return json.load(handle).get(key)
    except (OSError, ValueError, AttributeError):
        return None


def remember_verdict(key, works):
    """Kept in Fanout's cache directory, written whole or not at all."""
    if VERDICTS is None:
        return
    try:
        os.makedirs(CACHE, mode=0o700, exist_ok=True)
    except OSError:
        return
    try:
        with open(VERDICTS) as handle:
            verdicts = json.load(handle)
        if not isinstance(verdicts, dict):
            verdicts = {}
    except (OSError, ValueError):
        verdicts = {}
    verdicts = dict(list(verdicts.items())[-63:])  # the last 64 settings are plenty
    verdicts[key] = works
    temporary = "%s.%d" % (VERDICTS, os.getpid())
    try:
        with open(temporary, "w") as handle:
            json.dump(verdicts, handle)
        os.replace(temporary, VERDICTS)
    except OSError:
        pass


if prepared is not None:
    # The check runs a whole session; its verdict is the same until pytest, a plugin or the arguments change.
    key = verdict_key()
    works = remembered_verdict(key)
    if works is None:
        works = prepared_config_works()
        remember_verdict(key, works)
    if not works:
        print("fanout: this pytest does not take a prepared config; every batch builds its own", file=sys.stderr)
        prepared = None


# Every session's report header names the installed pytest plugins with their versions, from their
# distributions' metadata files: parse those once, here, where every fork finds them parsed.
for dist in installed:
    try:
        if any(entry.group == "pytest11" for entry in dist.entry_points):
            dist.metadata, dist.version  # noqa: B018 (reading them parses and caches them)
    except Exception:
        pass


fixture_names.learn(prepared.pluginmanager.get_plugins() if prepared is not None else ())




def prepare_child():
    # Only the batch's own session starts from the prepared config (see prepare_config).
    if prepared is not None:
        pytest_config._prepareconfig = prepare_config


def run(args):
    sys.argv = ["-c"] + args
    return pytest.main(args, plugins=[plugin])


forks.WarmForks(control, run, prepare_child).serve()

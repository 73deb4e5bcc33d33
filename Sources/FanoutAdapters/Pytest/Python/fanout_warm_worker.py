"""The warm pytest worker each slot keeps.

A Python process that imports pytest, its plugins (through one pytest session that collects nothing and loads
no conftest, so plugins load exactly as in a batch), Fanout's plugin and the user's `warm_imports` once, then
runs every batch in a fresh fork of itself, so batches start without paying for imports and still cannot leak
state into each other.

With FANOUT_WARM_ZYGOTE=1 the process is the host's zygote: warm once, it forks one such worker per slot
(`serve_as_zygote`), so the slots share one warm-up.

Protocol on the control socket (descriptor FANOUT_WARM_FD, SOCK_SEQPACKET, one JSON object per message): the
worker sends `{"ready": true}` once warm; the agent sends `{"args": [...], "env": {...}, "cwd": ...}` with two
descriptors attached (output, results); a child the worker forked ahead takes it and answers `{"pid": N}`, and
when the child ends the worker sends `{"pid": N, "exit": E}` (E negative: killed by signal -E), also for a child
that died waiting. One batch at a time.

The end of the file is the fork loop: two forks of the warmed-up worker wait ahead for batches; each takes one
request, runs the batch, and says how it ended.
"""
import importlib
import importlib.util
import json
import os
import signal
import socket
import sys
import traceback

sys.path[0] = ""  # as under `python -c`, which cold batches use: the working directory, not this file's

control = socket.socket(fileno=int(os.environ["FANOUT_WARM_FD"]))
spec = importlib.util.spec_from_file_location("fanout_pytest_plugin", os.environ["FANOUT_PLUGIN_PATH"])
plugin = importlib.util.module_from_spec(spec)
spec.loader.exec_module(plugin)
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
warm_up_code = pytest.main(list(warm_up_args), plugins=[plugin])
plugin._FD = result_fd
for name in filter(None, os.environ.get("FANOUT_WARM_IMPORTS", "").split(",")):
    importlib.import_module(name)


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


if prepared is not None and not prepared_config_works():
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


# Objects that exist now are never garbage in a child: keep collections in the children (pytest runs
# several at the end of each session) from walking the whole warmed-up heap.
import gc
gc.collect()
gc.freeze()
spec = importlib.util.spec_from_file_location(
    "fanout_page_copies", os.path.join(os.path.dirname(os.path.abspath(__file__)), "fanout_page_copies.py"))
page_copies_module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(page_copies_module)
page_copies = page_copies_module.PageCopies(
    os.environ.get("FANOUT_WARM_COPY_AHEAD") == "1", os.environ.get("FANOUT_WARM_STATS"))
warm_tmpdir = os.environ.get("TMPDIR")


def serve_as_zygote(zygote):
    """The host's one warm process (FANOUT_WARM_ZYGOTE=1): warm once, it forks a worker for each slot that asks
    (`{"fork": true}` with the worker's control socket attached) and answers `{"pid": N}`. Returns in each forked
    worker, with that worker's control socket; the zygote itself never returns and exits when the agent goes."""
    zygote.send(b'{"ready": true}')
    while True:
        try:
            message, fds, _, _ = socket.recv_fds(zygote, 4096, 1)
        except OSError:
            message, fds = b"", []
        while True:  # workers a slot discarded end here
            try:
                if os.waitpid(-1, os.WNOHANG)[0] == 0:
                    break
            except ChildProcessError:
                break
        if not message or not fds:
            os._exit(0)
        pid = os.fork()
        if pid == 0:
            zygote.close()
            os.setpgid(0, 0)
            return socket.socket(fileno=fds[0])
        os.close(fds[0])
        try:
            os.setpgid(pid, pid)  # also here, so the group exists whichever process runs first
        except OSError:
            pass
        zygote.send(json.dumps({"pid": pid}).encode())


if os.environ.get("FANOUT_WARM_ZYGOTE") == "1":
    control = serve_as_zygote(control)
control.send(b'{"ready": true}')


def serve_one_batch(done, report):
    """A child forked while the batch before it runs, so neither the fork nor the copies of the pages it
    will write are paid while the agent waits: it takes the next request itself, runs it, and writes the
    exit code to `done` once its output and results are closed, ahead of its process teardown (unmapping
    the worker's heap takes milliseconds). A learning child first reports the pages it wrote."""
    os.setpgid(0, 0)
    for number in (signal.SIGINT, signal.SIGTERM, signal.SIGPIPE, signal.SIGCHLD):
        signal.signal(number, signal.default_int_handler if number == signal.SIGINT else signal.SIG_DFL)
    import faulthandler
    if prepared is not None:
        pytest_config._prepareconfig = prepare_config
    # Batches usually come with the worker's own environment, less what only the worker reads.
    for name in ("FANOUT_WARM_FD", "FANOUT_WARM_IMPORTS", "FANOUT_WARM_ARGS", "FANOUT_WARM_COPY_AHEAD",
                 "FANOUT_WARM_ZYGOTE"):
        os.environ.pop(name, None)
    page_copies.copy_ahead(learner=report is not None)
    try:
        message, fds, _, _ = socket.recv_fds(control, 1 << 22, 2)
    except OSError:
        message = b""
    if not message:
        os._exit(0)  # the agent has gone
    control.send(json.dumps({"pid": os.getpid()}).encode())
    control.close()
    os.write(done, b"R")  # after the answer: the worker, woken, forks at once and may take this core
    request = json.loads(message)
    output, results = fds
    os.dup2(output, 1)
    os.dup2(output, 2)
    os.dup2(results, 3)
    for fd in fds:
        if fd > 3:
            os.close(fd)
    # On SIGUSR1 (a timeout), every thread's stack goes to the batch's output.
    stacks = os.fdopen(os.dup(2), "w")
    faulthandler.register(signal.SIGUSR1, file=stacks, all_threads=True)
    if request["env"] != os.environ:
        os.environ.clear()
        os.environ.update(request["env"])
    # The zygote warmed up with the first slot's TMPDIR; a module that cached it must look again.
    if os.environ.get("TMPDIR") != warm_tmpdir and "tempfile" in sys.modules:
        sys.modules["tempfile"].tempdir = None
    os.chdir(request["cwd"])
    sys.argv = ["-c"] + request["args"]
    code = 3
    try:
        code = pytest.main(request["args"], plugins=[plugin])
    except SystemExit as exit:
        code = exit.code if isinstance(exit.code, int) else 1
    except BaseException:
        traceback.print_exc()
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
            signal.signal(signal.SIGUSR1, signal.SIG_IGN)
            stacks.close()
            for fd in (1, 2, 3):
                os.close(fd)
            # Before the exit code: once the agent has it, it kills the batch's process group.
            if report is not None:
                page_copies.report(report)
            os.write(done, b"%d\n" % int(code))
        finally:
            os._exit(int(code))


def exit_code(pid, done):
    """The code the child wrote, or (when it died first) how it ended."""
    written = b""
    while not written.endswith(b"\n"):
        chunk = os.read(done, 64)
        if not chunk:
            _, status = os.waitpid(pid, 0)
            return os.waitstatus_to_exitcode(status), False
        written += chunk
    return int(written), True


def fork_child(inherited):
    """Forks a child that waits for a batch; `inherited` are the worker's ends of the other children's pipes."""
    done, done_by_child = os.pipe()
    report, report_by_child = os.pipe() if page_copies.take_learner() else (None, None)
    pid = os.fork()
    if pid == 0:
        for fd in (done, report) + inherited:
            if fd is not None:
                os.close(fd)
        serve_one_batch(done_by_child, report_by_child)
    os.close(done_by_child)
    if report_by_child is not None:
        os.close(report_by_child)
    try:
        os.setpgid(pid, pid)  # also here, so the group exists whichever process runs first
    except OSError:
        pass
    return pid, done, report


def agent_gone():
    try:
        return control.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
    except BlockingIOError:
        return False


# Two children wait at all times, so the one that takes a batch was forked a whole batch earlier and has
# had the time of two batches to copy its pages: with short batches one batch was not enough, and the
# agent waited for the copies.
import select
waiting = [fork_child(())]
waiting.append(fork_child(waiting[0][1:]))
ending = None  # the last batch's child, still being torn down
while waiting:
    ready, _, _ = select.select([done for _, done, _ in waiting], [], [])
    child = next(each for each in waiting if each[1] == ready[0])
    waiting.remove(child)
    pid, done, report = child
    if not os.read(done, 1):
        os.close(done)
        if report is not None:
            os.close(report)
        _, status = os.waitpid(pid, 0)
        if not agent_gone():
            # Killed while it waited, or just after it answered a request: the agent ignores the end of
            # a child it sent nothing.
            control.send(json.dumps({"pid": pid, "exit": os.waitstatus_to_exitcode(status)}).encode())
            waiting.append(fork_child(tuple(fd for each in waiting for fd in each[1:])))
        continue
    waiting.append(fork_child(tuple(fd for each in waiting + [child] for fd in each[1:])))
    if report is not None:
        page_copies.learn(report)  # read first: the child writes it before its exit code
    code, still_to_reap = exit_code(pid, done)
    os.close(done)
    control.send(json.dumps({"pid": pid, "exit": code}).encode())
    if ending is not None:
        os.waitpid(ending, 0)
    ending = pid if still_to_reap else None

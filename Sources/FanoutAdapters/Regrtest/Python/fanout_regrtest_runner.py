"""Fanout's regrtest runner: CPython's libregrtest runs each test module of a batch, in one process as
`python -m test` does without -j; every test's outcome streams to the Fanout agent as a JSON line.

Usage: fanout_regrtest_runner.py [regrtest options] -- [--fanout-deselect NAME::TEST_ID]... NAME | NAME::TEST_ID ...

Outcomes come from regrtest itself: its result class (RegressionTestResult) for each test, its TestResult state for
the module (skipped, resource denied, crashed). FANOUT_COLLECT=tests lists the tests of the named modules as
`--list-cases` does; FANOUT_COLLECT=scopes lists the test names regrtest would run (its own findtests, with test
packages such as test_asyncio split into their modules).
"""
import dataclasses
import os
import sys
import time
import traceback
import unittest

# The unittest runner's own JSON-line writer, output trimming, failure count and suite walk (it is written beside this file).
from fanout_unittest_runner import clean, emit, failure_count, flatten

WORKSPACE = os.environ.get("FANOUT_WORKSPACE") or os.getcwd()
COLLECT = os.environ.get("FANOUT_COLLECT", "")
RANK = {"passed": 0, "skipped": 1, "xfailed": 1, "xpassed": 2, "failed": 3, "error": 4}


def library_root(workspace):
    """The directory holding the `test` package: Lib/ in a CPython checkout, else the workspace itself."""
    checkout = os.path.join(workspace, "Lib")
    return checkout if os.path.isdir(os.path.join(checkout, "test", "libregrtest")) else workspace


def split_arguments(arguments):
    """Regrtest's own options (before `--`), the tests to leave out ({name: [test ids]}), and the selections:
    (name, [test ids]), where no ids means the whole module."""
    if "--" in arguments:
        at = arguments.index("--")
        options, rest = arguments[:at], arguments[at + 1:]
    else:
        options, rest = [], arguments
    deselected, selections, order = {}, {}, []
    items = iter(rest)
    for item in items:
        if item == "--fanout-deselect":
            name, _, test_id = next(items).partition("::")
            deselected.setdefault(name, []).append(test_id)
            continue
        name, _, test_id = item.partition("::")
        if name not in selections:
            selections[name] = []
            order.append(name)
        if test_id:
            selections[name].append(test_id)
    return options, deselected, [(name, selections[name]) for name in order]


def load_libregrtest():
    root = library_root(WORKSPACE)
    if root not in sys.path:
        sys.path.insert(0, root)
    try:
        from test.libregrtest import cmdline, main, single, testresult  # noqa: F401
        from test.libregrtest.result import State  # noqa: F401
    except ImportError as error:
        sys.stderr.write(
            "fanout: the regrtest adapter needs libregrtest as in CPython 3.11.7 and later (test/libregrtest/"
            "single.py); importing it from %s failed: %s\n" % (root, error))
        sys.exit(2)
    return sys.modules["test.libregrtest"]


class ModuleWatch:
    """What regrtest keeps to itself about the module it runs: the exception that skipped or broke it."""

    def __init__(self, single):
        self.reason = None
        self.failure = None
        original = single._load_run_test

        def load_run_test(result, runtests):
            try:
                return original(result, runtests)
            except unittest.SkipTest as error:
                self.reason = str(error)
                raise
            except BaseException as error:
                if not isinstance(error, KeyboardInterrupt):
                    self.failure = (traceback.format_exception_only(type(error), error)[-1].strip(),
                                    traceback.format_exc())
                raise

        single._load_run_test = load_run_test

    def reset(self):
        self.reason = None
        self.failure = None


class TestNames:
    """A name per test of the running module: its unittest id, numbered from the second time the id repeats
    (test_json loads each of its doctests twice, and regrtest counts both). A slice lists such names."""

    def __init__(self):
        self.reset(None)

    def reset(self, wanted):
        self.seen = {}
        self.names = {}
        self.wanted = set(wanted) if wanted else None

    def name(self, test):
        test_id = test.id()
        count = self.seen[test_id] = self.seen.get(test_id, 0) + 1
        return test_id if count == 1 else "%s [%d]" % (test_id, count)

    def filter(self, regrtest_match):
        """regrtest's own test filter, narrowed to the slice's names; names each test it keeps."""
        def match(test):
            if not regrtest_match(test):
                return False
            name = self.name(test)
            if self.wanted is not None and name not in self.wanted:
                return False
            self.names[id(test)] = name
            return True
        return match

    def of(self, test):
        return self.names.get(id(test)) or test.id()


def streaming_result_class(base, scope, names):
    """regrtest's RegressionTestResult, also reporting each test when it stops (subtests folded into it)."""

    class StreamingRegressionResult(base):
        def startTest(self, test):
            super().startTest(test)
            now = time.time()
            self.fanout_current = {"start": now, "outcome": "passed", "message": None, "details": [],
                                   "failures_before": len(self.failures)}
            emit({"event": "start", "id": names.of(test), "scope": scope[0], "at": now})

        def fanout_note(self, outcome, message=None, details=None):
            state = getattr(self, "fanout_current", None)
            if not state:
                return False
            if RANK[outcome] >= RANK[state["outcome"]]:
                state["outcome"] = outcome
                if message is not None:
                    state["message"] = message
            if details:
                state["details"].append(details)
            return True

        def fanout_describe(self, test, err):
            return ((traceback.format_exception_only(err[0], err[1]) or [""])[-1].strip(),
                    self._exc_info_to_string(err, test))

        def addError(self, test, err):
            super().addError(test, err)
            if isinstance(test, unittest.case._SubTest) or not self.fanout_note("error", *self.fanout_describe(test, err)):
                self.fanout_outside(test, "error", *self.fanout_describe(test, err))

        def addFailure(self, test, err):
            super().addFailure(test, err)
            self.fanout_note("failed", *self.fanout_describe(test, err))

        def addSubTest(self, test, subtest, err):
            super().addSubTest(test, subtest, err)
            if err is not None:
                failed = issubclass(err[0], test.failureException)
                message, details = self.fanout_describe(test, err)
                self.fanout_note("failed" if failed else "error", message, "%s\n%s" % (subtest.id(), details))

        def addSkip(self, test, reason):
            super().addSkip(test, reason)
            if not self.fanout_note("skipped", reason):
                # A skipped setUpClass or setUpModule: its tests never start.
                self.fanout_outside(test, "skipped", reason, None)

        def addExpectedFailure(self, test, err):
            super().addExpectedFailure(test, err)
            self.fanout_note("xfailed", self.fanout_describe(test, err)[0])

        def addUnexpectedSuccess(self, test):
            super().addUnexpectedSuccess(test)
            self.fanout_note("xpassed")

        def stopTest(self, test):
            super().stopTest(test)
            state, self.fanout_current = getattr(self, "fanout_current", None), None
            if state:
                emit({"event": "finish", "id": names.of(test), "scope": scope[0], "outcome": state["outcome"],
                      "duration": time.time() - state["start"], "at": state["start"],
                      "message": clean(state["message"]), "details": clean("\n".join(state["details"])),
                      **failure_count(self, state)})

        def fanout_outside(self, test, outcome, message, details):
            # unittest names a fixture's error or skip "setUpClass (test.test_x.Class)"; Fanout keeps that id.
            test_id = test.id() if hasattr(test, "id") else str(test)
            emit({"event": "finish", "id": test_id, "scope": scope[0], "outcome": outcome, "duration": 0,
                  "at": time.time(), "message": clean(message), "details": clean(details)})

    return StreamingRegressionResult


def module_result(name, result, state, watch, reported_failure, filtered, fail_env_changed=False):
    """The module's own result when regrtest's verdict on it is not told by its tests: skipped as a whole,
    denied a resource, crashed or failed outside any test, leaked references, ran no test (unless `filtered`:
    a slice, or a module run again for the tests a lost process left, may well select none), altered the
    execution environment under --fail-env-changed."""
    outcome, message, details = None, None, None
    if result.state in (state.SKIPPED, state.RESOURCE_DENIED):
        outcome = "skipped"
        kind = "resource denied" if result.state == state.RESOURCE_DENIED else "skipped"
        message = "%s %s -- %s" % (name, kind, watch.reason or "")
    elif result.state == state.DID_NOT_RUN and not filtered:
        outcome, message = "skipped", "%s ran no tests" % name
    elif result.state == state.UNCAUGHT_EXC or (state.is_failed(result.state) and not reported_failure):
        outcome = "error"
        message, details = watch.failure or ("test %s failed (regrtest: %s)" % (name, result.state), None)
        if result.state == state.REFLEAK:
            message = "%s leaked references or memory blocks (regrtest -R)" % name
    elif result.state == state.ENV_CHANGED and fail_env_changed:
        outcome, message = "error", "%s altered the execution environment (regrtest --fail-env-changed)" % name
    if outcome is None:
        return None
    return {"event": "finish", "id": name, "scope": name, "outcome": outcome, "duration": result.duration or 0,
            "at": time.time(), "message": clean(message), "details": clean(details)}


def match_tests_for(base, test_ids, deselected):
    if test_ids:
        # regrtest's --match takes unittest ids; TestNames then keeps only the slice's repeats of an id.
        return [(test_id.rpartition(" [")[0] if test_id.endswith("]") else test_id, True) for test_id in test_ids]
    patterns = list(base or [])
    return patterns + [(test_id, False) for test_id in deselected] if deselected else base


def unload_new_modules(before):
    # As regrtest does between test modules: each module gets a fresh import of itself and its helpers.
    for module in [name for name in sys.modules if name not in before and name.startswith(("test.", "test_"))]:
        sys.modules.pop(module, None)
        parent, _, child = module.rpartition(".")
        try:
            delattr(sys.modules[parent], child)
        except (KeyError, AttributeError):
            pass


def run(options, deselected, selections):
    load_libregrtest()
    from test.libregrtest import cmdline, main as regrtest_main, setup, single, testresult, utils
    from test.libregrtest.result import State
    from test.support import os_helper

    regrtest = regrtest_main.Regrtest(cmdline._parse_args(options))
    regrtest._init()
    setup.setup_test_dir(regrtest.test_dir)
    setup.setup_process()
    base = regrtest.create_run_tests(tuple(name for name, _ in selections))
    scope, names = [None], TestNames()
    testresult.RegressionTestResult = streaming_result_class(testresult.RegressionTestResult, scope, names)
    single.match_test = names.filter(single.match_test)
    watch = ModuleWatch(single)
    os.makedirs(regrtest.tmp_dir, exist_ok=True)
    stopped, failed = None, False
    with utils.exit_timeout(), os_helper.temp_cwd(utils.get_work_dir(regrtest.tmp_dir), quiet=True):
        before = set(sys.modules)
        for name, test_ids in selections:
            scope[0] = name
            watch.reset()
            names.reset(test_ids)
            left_out = deselected.get(name, [])
            runtests = dataclasses.replace(base, tests=(name,),
                                           match_tests=match_tests_for(base.match_tests, test_ids, left_out))
            result = single.run_single_test(name, runtests)
            if result.state == State.INTERRUPTED:
                raise KeyboardInterrupt
            reported_failure = bool(result.errors or result.failures)
            own = module_result(name, result, State, watch, reported_failure, bool(test_ids or left_out),
                                base.fail_env_changed)
            if own:
                emit(own)
            if result.state == State.ENV_CHANGED:
                sys.stderr.write("fanout: regrtest says %s altered the execution environment\n" % name)
            failed = failed or State.is_failed(result.state) or (
                result.state == State.ENV_CHANGED and base.fail_env_changed)
            unload_new_modules(before)
            if result.must_stop(base.fail_fast, base.fail_env_changed):
                stopped = "regrtest stopped at the first failure (--failfast)"
                break
    unreported = []
    if stopped:
        done = [name for name, _ in selections][:[name for name, _ in selections].index(scope[0]) + 1]
        unreported = [{"id": name, "scope": name} for name, _ in selections if name not in done]
    emit({"event": "end", "exitstatus": 1 if failed else 0, "stopped": stopped, "unreported": unreported,
          "explained": []})
    return 1 if failed else 0


def collect_tests(options, selections):
    load_libregrtest()
    from test.libregrtest import cmdline, filter as regrtest_filter, main as regrtest_main, setup, utils

    regrtest = regrtest_main.Regrtest(cmdline._parse_args(options))
    setup.setup_test_dir(regrtest.test_dir)
    regrtest_filter.set_match_tests(regrtest.match_tests)
    from test import support
    support.verbose = False
    names = TestNames()
    for name, _ in selections:
        names.reset(None)
        try:
            suite = unittest.defaultTestLoader.loadTestsFromName(utils.abs_module_name(name, regrtest.test_dir))
        except unittest.SkipTest:
            continue
        except Exception as error:
            sys.stderr.write("fanout: listing the tests of %s failed: %s\n" % (name, error))
            continue
        for test in flatten(suite):
            if not isinstance(test, unittest.loader._FailedTest) and regrtest_filter.match_test(test):
                emit({"event": "collected", "id": names.name(test), "scope": name})
    return 0


def list_scopes(options, selections):
    load_libregrtest()
    from test.libregrtest import cmdline, main as regrtest_main

    regrtest = regrtest_main.Regrtest(cmdline._parse_args(options + [name for name, _ in selections]))
    selected, _ = regrtest.find_tests()
    for name in selected:
        emit({"event": "collected", "id": name, "scope": name})
    return 0


def main(arguments):
    options, deselected, selections = split_arguments(arguments)
    if COLLECT == "scopes":
        return list_scopes(options, selections)
    if COLLECT:
        return collect_tests(options, selections)
    return run(options, deselected, selections)


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except KeyboardInterrupt:
        sys.exit(130)

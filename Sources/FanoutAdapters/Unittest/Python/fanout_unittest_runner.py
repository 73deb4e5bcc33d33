"""Fanout's unittest runner: unittest's loader and suite, results as JSON lines for the Fanout agent."""
import importlib
import io
import json
import os
import sys
import time
import traceback
import unittest

FD = int(os.environ.get("FANOUT_RESULT_FD", "-1"))
WORKSPACE = os.environ.get("FANOUT_WORKSPACE") or os.getcwd()
LIMIT = int(os.environ.get("FANOUT_CAPTURE_LIMIT", "65536"))
COLLECT = os.environ.get("FANOUT_COLLECT") == "1"


def failure_count(result, state):
    """`failures`: how many entries the test added to unittest's failures (each failing subtest is one, as
    regrtest's totals count them), when any."""
    count = len(result.failures) - state.get("failures_before", len(result.failures))
    return {"failures": count} if count > 0 else {}


def clean(text):
    if not text:
        return None
    text = text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    if len(text) > LIMIT:
        head = LIMIT // 4
        text = text[:head] + "\n... [%d characters cut by fanout] ...\n" % (len(text) - LIMIT) + text[-(LIMIT - head):]
    return text


def emit(event):
    if FD < 0:
        return
    view = memoryview((json.dumps(event) + "\n").encode("ascii"))
    while view:
        view = view[os.write(FD, view):]


def module_name(path):
    name = path[:-3] if path.endswith(".py") else path
    parts = [part for part in name.split("/") if part and part != "."]
    if parts and parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def flatten(suite):
    for test in suite:
        if isinstance(test, unittest.TestSuite):
            yield from flatten(test)
        else:
            yield test


class StreamingResult(unittest.TestResult):
    """Aggregates each test's outcome (subtests included) and reports it when the test stops."""

    RANK = {"passed": 0, "skipped": 1, "xfailed": 1, "xpassed": 2, "failed": 3, "error": 4}

    def __init__(self, scopes):
        super().__init__()
        self.scopes = scopes
        self.current = {}
        self.reported = set()
        # Classes and modules whose setUpClass or setUpModule failed or skipped: their tests never start.
        self.fixtures_ended = set()

    def scope_of(self, test):
        module = getattr(type(test), "__module__", "")
        if module in self.scopes:
            return self.scopes[module]
        text = str(test)
        for name, scope in self.scopes.items():
            if "(" + name + "." in text or text.endswith(name + ")"):
                return scope
        return module

    def startTest(self, test):
        super().startTest(test)
        self._saved = (sys.stdout, sys.stderr)
        sys.stdout, sys.stderr = io.StringIO(), io.StringIO()
        now = time.time()
        self.current = {"start": now, "outcome": "passed", "message": None, "details": [],
                        "failures_before": len(self.failures)}
        emit({"event": "start", "id": test.id(), "scope": self.scope_of(test), "at": now})

    def note(self, outcome, message=None, details=None):
        state = self.current
        if self.RANK[outcome] >= self.RANK[state["outcome"]]:
            state["outcome"] = outcome
            if message is not None:
                state["message"] = message
        if details:
            state["details"].append(details)

    def describe(self, test, err):
        return ((traceback.format_exception_only(err[0], err[1]) or [""])[-1].strip(),
                self._exc_info_to_string(err, test))

    def addError(self, test, err):
        super().addError(test, err)
        if not self.current or isinstance(test, unittest.case._SubTest):
            self.outside_test(test, err)
        else:
            self.note("error", *self.describe(test, err))

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self.note("failed", *self.describe(test, err))

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is not None:
            failed = issubclass(err[0], test.failureException)
            message, details = self.describe(test, err)
            self.note("failed" if failed else "error", message, "%s\n%s" % (subtest.id(), details))

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        if self.current:
            self.note("skipped", reason)
        else:
            # A skipped class never starts its tests; nor do those of a class whose setUpClass skips.
            self.note_fixture(test)
            self.reported.add(test.id())
            emit({"event": "finish", "id": test.id(), "scope": self.scope_of(test), "outcome": "skipped",
                  "duration": 0, "at": time.time(), "message": reason})

    def addExpectedFailure(self, test, err):
        super().addExpectedFailure(test, err)
        self.note("xfailed", self.describe(test, err)[0])

    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test)
        self.note("xpassed")

    def stopTest(self, test):
        out, err = sys.stdout.getvalue(), sys.stderr.getvalue()
        sys.stdout, sys.stderr = self._saved
        state = self.current
        self.current = {}
        super().stopTest(test)
        self.reported.add(test.id())
        emit({"event": "finish", "id": test.id(), "scope": self.scope_of(test), "outcome": state["outcome"],
              "duration": time.time() - state["start"], "at": state["start"], "message": clean(state["message"]),
              "details": clean("\n".join(state["details"])), "stdout": clean(out), "stderr": clean(err),
              **failure_count(self, state)})

    def outside_test(self, test, err):
        # setUpClass, setUpModule and their teardowns fail outside any test: unittest reports them as
        # errors of their own ("setUpClass (pkg.mod.Class)"), and so does Fanout.
        self.note_fixture(test)
        message, details = self.describe(test, err)
        emit({"event": "finish", "id": test.id() if hasattr(test, "id") else str(test),
              "scope": self.scope_of(test), "outcome": "error", "duration": 0, "at": time.time(),
              "message": clean(message), "details": clean(details)})


    def note_fixture(self, holder):
        # unittest names a class or module fixture's error "setUpClass (pkg.mod.Class)", "setUpModule (pkg.mod)".
        description = getattr(holder, "description", "")
        for fixture in ("setUpClass (", "setUpModule ("):
            if description.startswith(fixture) and description.endswith(")"):
                self.fixtures_ended.add(description[len(fixture):-1])

    def explained(self, test):
        """Whether the test never started because its class's or module's fixture failed or skipped."""
        class_name = type(test).__module__ + "." + type(test).__qualname__
        return class_name in self.fixtures_ended or type(test).__module__ in self.fixtures_ended


def emit_end(result, tests):
    """Says the run ended in order, with the tests it had and never reported: those a failed class or module
    fixture kept from starting (`explained`: its error says why), and any others (failfast stops early)."""
    missing = [test for test in tests if test.id() not in result.reported]
    emit({"event": "end", "exitstatus": 0 if result.wasSuccessful() else 1,
          "stopped": "stopping at the first failure (failfast)" if result.shouldStop else None,
          "unreported": [{"id": test.id(), "scope": result.scope_of(test)}
                         for test in missing if not result.explained(test)],
          "explained": [{"id": test.id(), "scope": result.scope_of(test)}
                        for test in missing if result.explained(test)]})


def main(arguments):
    # On SIGUSR1 (a timeout), every thread's stack goes to the batch's output.
    import faulthandler
    import signal
    global STACKS
    STACKS = os.fdopen(os.dup(2), "w")
    faulthandler.register(signal.SIGUSR1, file=STACKS, all_threads=True)
    if WORKSPACE not in sys.path:
        sys.path.insert(0, WORKSPACE)
    loader = unittest.TestLoader()
    deselected = set()
    wanted = []
    items = iter(arguments)
    for argument in items:
        if argument == "--deselect":
            deselected.add(next(items))
        else:
            wanted.append(argument)
    scopes, tests = {}, []
    for argument in wanted:
        path, _, test_id = argument.partition("::")
        name = module_name(path)
        scopes[name] = path
        try:
            module = importlib.import_module(name)
            loaded = loader.loadTestsFromName(test_id) if test_id else loader.loadTestsFromModule(module)
        except BaseException as error:
            if isinstance(error, KeyboardInterrupt):
                raise
            emit({"event": "finish", "id": path, "scope": path, "outcome": "error", "duration": 0,
                  "at": time.time(), "message": clean(traceback.format_exception_only(type(error), error)[-1].strip()),
                  "details": clean(traceback.format_exc())})
            continue
        for test in flatten(loaded):
            if test.id() not in deselected:
                tests.append(test)
    if COLLECT:
        result = StreamingResult(scopes)
        for test in tests:
            emit({"event": "collected", "id": test.id(), "scope": result.scope_of(test)})
        return 0
    result = StreamingResult(scopes)
    result.startTestRun()
    unittest.TestSuite(tests).run(result)
    result.stopTestRun()
    emit_end(result, tests)
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

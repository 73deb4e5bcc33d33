"""Fanout's Django test runner: Django's DiscoverRunner, results streamed to the Fanout agent."""
import faulthandler
import json
import os
import signal

from django.test.runner import DiscoverRunner

import fanout_unittest_runner as streaming
from fanout_django_databases import WorkerDatabases

SCOPES = {}
# On SIGUSR1 (a timeout), every thread's stack goes to the batch's output.
STACKS = os.fdopen(os.dup(2), "w")
faulthandler.register(signal.SIGUSR1, file=STACKS, all_threads=True)


class FanoutResult(streaming.StreamingResult):
    def __init__(self, *args, **kwargs):
        super().__init__(SCOPES)


# Labels are relative to the script's directory (the first entry of its sys.path); scopes to the workspace.
LABEL_ROOT = os.environ.get("FANOUT_LABEL_ROOT", "")


class FanoutRunner(DiscoverRunner):
    def __init__(self, *args, **kwargs):
        # Fanout runs batches side by side; a batch runs in one process, with one test database each.
        kwargs["parallel"] = 1
        # No one can answer a prompt (a runtests script asks before replacing a test database it finds).
        kwargs["interactive"] = False
        super().__init__(*args, **kwargs)

    def get_resultclass(self):
        return FanoutResult

    def build_suite(self, test_labels=None, *args, **kwargs):
        labels = list(test_labels or [])
        for label in labels:
            module = label
            while module and not os.path.exists(os.path.join(LABEL_ROOT, module.replace(".", "/") + ".py")):
                module = module.rpartition(".")[0]
            if module:
                SCOPES[module] = os.path.join(LABEL_ROOT, module.replace(".", "/") + ".py")
        suite = super().build_suite(labels, *args, **kwargs)
        deselected = set(json.loads(os.environ.get("FANOUT_DESELECT") or "[]"))
        tests = [test for test in streaming.flatten(suite) if test.id() not in deselected]
        return self.test_suite(tests)

    def setup_databases(self, **kwargs):
        databases = WorkerDatabases.from_environment()
        if databases is None:
            return super().setup_databases(**kwargs)
        from django.db import connections

        def django_setup(keepdb):
            saved, self.keepdb = self.keepdb, keepdb
            try:
                return super(FanoutRunner, self).setup_databases(**kwargs)
            finally:
                self.keepdb = saved

        aliases = kwargs.get("aliases")
        old_config, self.fanout_shared = databases.setup(
            connections, list(connections) if aliases is None else list(aliases),
            kwargs.get("serialized_aliases"), django_setup, self.verbosity)
        return old_config

    def teardown_databases(self, old_config, **kwargs):
        # The slot's clones outlive the batch (the agent drops them when its session ends).
        shared = getattr(self, "fanout_shared", ())
        super().teardown_databases([entry for entry in old_config if entry[0].alias not in shared], **kwargs)

    def run_tests(self, test_labels, **kwargs):
        if os.environ.get("FANOUT_DB_CHECK") == "1":
            from django.db import connections
            return WorkerDatabases.check(connections)
        if os.environ.get("FANOUT_DB_DROP") == "1":
            from django.db import connections
            databases = WorkerDatabases.from_environment()
            return databases.drop(connections) if databases is not None else 0
        if os.environ.get("FANOUT_COLLECT") == "1":
            self.setup_test_environment()
            suite = self.build_suite(test_labels)
            result = FanoutResult()
            for test in streaming.flatten(suite):
                streaming.emit({"event": "collected", "id": test.id(), "scope": result.scope_of(test)})
            self.teardown_test_environment()
            return 0
        failures = super().run_tests(test_labels, **kwargs)
        # Only now, with the test databases torn down, has the run ended in order.
        streaming.emit_end(self.fanout_run[0], self.fanout_run[1])
        return failures

    def run_suite(self, suite, **kwargs):
        # Listed before the run: a suite drops each test it has run (unittest's TestSuite._cleanup).
        tests = list(streaming.flatten(suite))
        result = super().run_suite(suite, **kwargs)
        self.fanout_run = (result, tests)
        return result

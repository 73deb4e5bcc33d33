import FanoutCore

/// Accounts for what a Python test process (pytest, or Fanout's unittest and Django runners) did not report,
/// from how it ended. Pure logic.
///
/// A session ended in order only when the runner said so (its `end` line) and the process then exited 0, 1 or
/// 5 (pytest's "no tests"): a scope without results then has no tests, and the tests the session chose not to
/// run (`-x`, `--maxfail`, failfast) are not run. Anything else (a signal, another exit code, an exit without
/// the `end` line, as when a test database cannot be made) means the session ended early: every test it left
/// unreported goes back to the queue or gets an error carrying the output tail. The same holds for a session
/// that ended in order but never reported tests it had selected.
public struct PythonBatchFinisher: Sendable {
    /// How messages name the process: `pytest`, `the unittest runner`.
    public let framework: String
    /// The exit code of a rejected invocation (pytest's 4, argparse's 2); nil for a runner that has none.
    public let usageExitCode: Int32?

    public init(framework: String = "pytest", usageExitCode: Int32? = 4) {
        self.framework = framework
        self.usageExitCode = usageExitCode
    }

    public func finish(_ outcome: BatchProcessOutcome) -> BatchFinish {
        if outcome.cancelled { return BatchFinish() }
        let cleanExit = outcome.signal == nil && [0, 1, 5].contains(outcome.exitCode ?? -1)
        if cleanExit, let end = outcome.sessionEnd { return finishInOrder(outcome, end: end) }
        if let usageExitCode, outcome.exitCode == usageExitCode && outcome.results.isEmpty {
            return BatchFinish(
                usageError: "\(framework) rejected its invocation (exit code \(usageExitCode)); check the arguments "
                    + "after `--` and the \(framework) configuration. \(framework) said:\n"
                    + outcome.outputTail.lastLines(12))
        }
        let how =
            cleanExit
            ? "exited with code \(outcome.exitCode ?? 0) before finishing its session"
            : describeEnd(signal: outcome.signal, exitCode: outcome.exitCode)
        var extra: [TestResult] = []
        for test in outcome.unfinished {
            extra.append(Self.unfinished(test, outcome: outcome, how: how))
        }
        // Whatever the process did not get to goes back to the queue (the controller decides how often),
        // unless an error of a file, a conftest or the session already explains it: a result named after its
        // scope (a collection error), never an error of one of its tests.
        let errorScopes = outcome.results.filter { $0.outcome == .error }.compactMap { result -> String? in
            if result.id.isEmpty || result.id == "." { return "" }  // the whole session's
            return result.id == result.scope ? result.scope : nil
        }
        let incomplete = outcome.batch.scopes.filter { scope in
            !errorScopes.contains { Self.covers($0, scope) }
        }
        return BatchFinish(extraResults: extra, incomplete: incomplete)
    }

    /// A session that said it ended in order: the tests it selected and never reported did not run, because
    /// it stopped on its own (`-x`), or for a reason it did not tell (they go back to the queue).
    private func finishInOrder(_ outcome: BatchProcessOutcome, end: SessionEnd) -> BatchFinish {
        let reported = Set(outcome.results.map(\.id))
        var scopes: [String] = []
        for test in end.unreported where !reported.contains(test.id) && !scopes.contains(test.scope) {
            scopes.append(test.scope)
        }
        let explained = end.explained.map(\.id).filter { !reported.contains($0) }
        guard !scopes.isEmpty else { return BatchFinish(explained: explained) }
        return end.stopped != nil
            ? BatchFinish(notRun: scopes, explained: explained) : BatchFinish(incomplete: scopes, explained: explained)
    }

    /// The result of a test that started and never finished: a timeout when the agent stopped it at a limit,
    /// else an error saying how the process ended.
    public static func unfinished(
        _ test: (testID: String, scope: String, startedAt: Double), outcome: BatchProcessOutcome, how: String
    ) -> TestResult {
        var result: TestResult
        if let expiry = outcome.timedOut, expiry.testID == test.testID {
            result = TestResult(
                id: test.testID, scope: test.scope, outcome: .timeout, duration: expiry.limit,
                startedAt: test.startedAt,
                message: "timed out: still running after \(NumberText.plain(expiry.limit)) s (\(expiry.option) "
                    + "\(NumberText.plain(expiry.limit)))",
                details: outcome.outputTail.text, worker: outcome.worker, batch: outcome.batch.id)
        } else {
            result = TestResult(
                id: test.testID, scope: test.scope, outcome: .error, startedAt: test.startedAt,
                message: "the test process \(how) while this test was running", details: outcome.outputTail.text,
                worker: outcome.worker, batch: outcome.batch.id)
        }
        result.endedItsProcess = true
        return result
    }

    /// Whether an error reported for `errorScope` (a directory's conftest, or the whole session) already
    /// explains why `scope` has no results.
    static func covers(_ errorScope: String, _ scope: String) -> Bool {
        errorScope.isEmpty || errorScope == "." || errorScope == scope || scope.hasPrefix(errorScope + "/")
    }

    func describeEnd(signal: Int32?, exitCode: Int32?) -> String {
        if let signal { return "was killed by signal \(signal) (\(Self.signalName(signal)))" }
        let meaning: String
        switch exitCode {
        case 2: meaning = "interrupted"
        case 3: meaning = "internal error"
        case 4: meaning = "usage error"
        default: meaning = "unexpected"
        }
        return "exited with code \(exitCode.map(String.init) ?? "?") (\(meaning))"
    }

    static func signalName(_ signal: Int32) -> String {
        let names: [Int32: String] = [
            1: "SIGHUP", 2: "SIGINT", 3: "SIGQUIT", 4: "SIGILL", 6: "SIGABRT", 7: "SIGBUS", 8: "SIGFPE",
            9: "SIGKILL", 11: "SIGSEGV", 13: "SIGPIPE", 15: "SIGTERM",
        ]
        return names[signal] ?? "signal \(signal)"
    }
}

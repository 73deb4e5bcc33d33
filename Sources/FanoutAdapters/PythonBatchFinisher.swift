import FanoutCore

/// Accounts for what a Python test process (pytest, or Fanout's unittest runner) did not report, from its
/// exit status. Pure logic.
///
/// pytest exits 0 (passed), 1 (tests failed) or 5 (no tests) after a normal session (the unittest runner 0 or
/// 1): a file without results then simply has no tests. Anything else (a signal, 2 interrupted, 3 internal
/// error, 4 usage error) means the session ended early, and every test or file it left unreported gets an
/// error carrying the output tail.
public struct PythonBatchFinisher: Sendable {
    /// How messages name the process: `pytest`, `the unittest runner`.
    public let framework: String
    /// pytest's exit code for a rejected invocation; nil for a runner that has none.
    public let usageExitCode: Int32?

    public init(framework: String = "pytest", usageExitCode: Int32? = 4) {
        self.framework = framework
        self.usageExitCode = usageExitCode
    }

    public func finish(_ outcome: BatchProcessOutcome) -> BatchFinish {
        if outcome.cancelled { return BatchFinish() }
        let normalExit = outcome.signal == nil && [0, 1, 5].contains(outcome.exitCode ?? -1)
        if normalExit { return BatchFinish() }
        if let usageExitCode, outcome.exitCode == usageExitCode && outcome.results.isEmpty {
            return BatchFinish(
                usageError: "pytest rejected its invocation (exit code 4); check the arguments after `--` and "
                    + "the pytest configuration. pytest said:\n" + outcome.outputTail.lastLines(12))
        }
        let how = describeEnd(signal: outcome.signal, exitCode: outcome.exitCode)
        var extra: [TestResult] = []
        for test in outcome.unfinished {
            extra.append(Self.unfinished(test, outcome: outcome, how: how))
        }
        // Whatever the process did not get to goes back to the queue (the controller decides how often),
        // unless an error of a conftest or the session already explains it.
        let errorScopes = outcome.results.filter { $0.outcome == .error }.map(\.scope)
        let incomplete = outcome.batch.scopes.filter { scope in
            !errorScopes.contains { Self.covers($0, scope) }
        }
        return BatchFinish(extraResults: extra, incomplete: incomplete)
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

/// Durations and outcomes from earlier runs, kept in `.fanout/history.json` at the workspace root.
///
/// A value type: `recording(_:)` returns the updated history; reading and writing the file is the
/// controller's job.
public struct History: Codable, Sendable, Equatable {
    /// Bumped when the format changes incompatibly; a file of another version is ignored, not misread.
    public static let formatVersion = 1

    /// One test's record.
    public struct TestRecord: Codable, Sendable, Equatable {
        public var scope: String
        public var durations: DurationSamples
        public var lastOutcome: Outcome
        /// Runs that gave the test a result (nil in histories from before these counts).
        public var runs: Int?
        /// Runs it ended failed, errored or timed out in.
        public var failures: Int?
        /// Runs it passed in only on a retry (`--retries`).
        public var flaky: Int?
        /// Times its outcome turned from a pass to a failure or back from one run to the next.
        public var flips: Int?
        /// When it last gave a result (seconds since 1970), for `fanout history prune`.
        public var lastSeen: Double?

        public init(scope: String, durations: DurationSamples, lastOutcome: Outcome) {
            self.scope = scope
            self.durations = durations
            self.lastOutcome = lastOutcome
        }

        /// Folds one run's result in: its outcome, the counts, and when.
        public mutating func count(_ result: TestResult, at time: Double?) {
            if lastOutcome.isFailure != result.outcome.isFailure, runs ?? 0 > 0 { flips = (flips ?? 0) + 1 }
            runs = (runs ?? 0) + 1
            if result.outcome.isFailure { failures = (failures ?? 0) + 1 }
            if result.isFlaky { flaky = (flaky ?? 0) + 1 }
            lastSeen = time ?? lastSeen
            lastOutcome = result.outcome
        }
    }

    public var version: Int
    /// Per-scope test time (sum of its tests' durations), keyed by scope id.
    public var scopes: [String: DurationSamples]
    /// Per-test records, keyed by test id.
    public var tests: [String: TestRecord]
    /// Fixed cost of one batch per adapter (process start, imports, collection), keyed by adapter name.
    public var batchOverhead: [String: DurationSamples]
    /// The last `RunSample.capacity` runs, oldest first (nil in histories from before runs were kept).
    public var runs: [RunSample]?

    /// The key of `batchOverhead` for `adapter`'s batches run in forks of warm workers (`warm`) or cold: the two
    /// cost a few milliseconds and most of a second, and one must never size the other's batches.
    public static func overheadKey(adapter: String, warm: Bool) -> String {
        warm ? adapter + " warm" : adapter
    }

    /// The key of `batchOverhead` for the batches of `key` (an `overheadKey`) that ran on `host`: a host with a
    /// slow disk or an older CPU starts its workers slower, and its batches are sized for that.
    public static func overheadKey(_ key: String, host: String) -> String {
        key + " on " + host
    }

    public init(
        scopes: [String: DurationSamples] = [:], tests: [String: TestRecord] = [:],
        batchOverhead: [String: DurationSamples] = [:]
    ) {
        self.version = Self.formatVersion
        self.scopes = scopes
        self.tests = tests
        self.batchOverhead = batchOverhead
    }

    /// Expected seconds for a scope, if it has history.
    public func expectedSeconds(ofScope scope: String) -> Double? {
        scopes[scope]?.expected
    }

    /// Test ids whose last recorded outcome was a failure, for `--lf`-style reruns.
    public var lastFailedTests: [String] {
        tests.filter { $0.value.lastOutcome.isFailure }.map(\.key).sorted()
    }
}

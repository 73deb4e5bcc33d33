/// Folds one run into a `History`.
public struct HistoryUpdate: Sendable, Equatable {
    /// Scopes that exist now; history of any other scope is dropped (deleted or renamed files).
    public var universe: Set<String>
    /// Scopes that ran to completion in this run; only these update scope durations, and only these can
    /// prove a test gone (a test of such a scope that did not report is dropped from history).
    public var completedScopes: Set<String>
    /// Every test result of this run.
    public var results: [TestResult]
    /// Measured per-batch overheads of this run, for `adapter`.
    public var batchOverheads: [Double]
    /// The same, by the host the batches ran on.
    public var hostOverheads: [String: [Double]]
    public var adapter: String
    /// The run itself, for the trend of wall times; nil adds none.
    public var run: RunSample?

    public init(
        universe: Set<String>, completedScopes: Set<String>, results: [TestResult],
        batchOverheads: [Double], hostOverheads: [String: [Double]] = [:], adapter: String, run: RunSample? = nil
    ) {
        self.run = run
        self.hostOverheads = hostOverheads
        self.universe = universe
        self.completedScopes = completedScopes
        self.results = results
        self.batchOverheads = batchOverheads
        self.adapter = adapter
    }

    /// Scopes none of whose tests ran (each result is Fanout's `neverRan` one): how long they took says nothing
    /// of how long they take to run.
    static func scopesThatNeverRan(_ results: [TestResult]) -> Set<String> {
        let ran = Set(results.filter { $0.neverRan != true }.map(\.scope))
        return Set(results.map(\.scope)).subtracting(ran)
    }

    /// Returns `history` with this run folded in.
    public func applied(to history: History) -> History {
        var updated = history
        let unran = Self.scopesThatNeverRan(results)
        updated.scopes = updated.scopes.filter { universe.contains($0.key) }
        updated.tests = updated.tests.filter {
            universe.contains($0.value.scope)
                && (!completedScopes.contains($0.value.scope) || unran.contains($0.value.scope))
        }
        var scopeTotals: [String: Double] = [:]
        for result in results {
            scopeTotals[result.scope, default: 0] += result.duration
            var record =
                history.tests[result.id]
                ?? History.TestRecord(scope: result.scope, durations: .init(), lastOutcome: result.outcome)
            record.scope = result.scope
            if result.neverRan == true {
                // Fanout's own result: the test did not fail, it never ran; only --lf needs to know.
                record.lastOutcome = result.outcome
            } else {
                record.count(result, at: run.map { $0.startedAt + $0.wall } ?? result.startedAt)
            }
            // Skipped tests take no time, and one that never ran took none: recording their zero would hide what
            // the test costs when it runs.
            if result.outcome != .skipped && result.neverRan != true { record.durations.record(result.duration) }
            updated.tests[result.id] = record
        }
        for scope in completedScopes where universe.contains(scope) && !unran.contains(scope) {
            updated.scopes[scope, default: DurationSamples()].record(scopeTotals[scope] ?? 0)
        }
        if !batchOverheads.isEmpty {
            var samples = updated.batchOverhead[adapter] ?? DurationSamples()
            for overhead in batchOverheads { samples.record(overhead) }
            updated.batchOverhead[adapter] = samples
        }
        if let run {
            updated.runs = Array(((updated.runs ?? []) + [run]).suffix(RunSample.capacity))
        }
        for (host, overheads) in hostOverheads where !overheads.isEmpty {
            let key = History.overheadKey(adapter, host: host)
            var samples = updated.batchOverhead[key] ?? DurationSamples()
            for overhead in overheads { samples.record(overhead) }
            updated.batchOverhead[key] = samples
        }
        return updated
    }
}

/// Merges results as they arrive: every test keeps exactly one final outcome, every scope is finished once.
public struct ResultLedger: Sendable {
    /// Scope ids of the universe, in scheduling order.
    public let universe: [String]
    public private(set) var results: [String: TestResult] = [:]
    public private(set) var arrivalOrder: [String] = []
    public private(set) var finishedScopes: Set<String> = []
    public private(set) var duplicateCount = 0
    /// Tests recorded as failed or errored.
    public private(set) var failureCount = 0
    /// Tests that passed after failing (`--retries`).
    public private(set) var flakyCount = 0
    /// Per scope, its tests in arrival order and the workers that ran them: one entry, so that recording a result
    /// hashes the scope once (at a million tests the ledger's hashing was a good part of the controller's cost).
    private var scopes: [String: ScopeEntry] = [:]

    private struct ScopeEntry: Sendable {
        var tests: [String] = []
        var workers: Set<WorkerID> = []
        /// The worker added last: a scope's results mostly come from one worker in a row.
        var lastWorker: WorkerID?

        mutating func add(_ id: String?, worker: WorkerID?) {
            if let id { tests.append(id) }
            guard let worker, worker != lastWorker else { return }
            workers.insert(worker)
            lastWorker = worker
        }
    }

    /// The ids of `scope`'s tests that have a result, in arrival order; nil when none has.
    public func tests(inScope scope: String) -> [String]? {
        guard let tests = scopes[scope]?.tests, !tests.isEmpty else { return nil }
        return tests
    }

    public init(universe: [String]) {
        self.universe = universe
    }

    /// Records a result. A second result for the same test id is ignored (first final outcome wins) and
    /// counted, and false is returned.
    @discardableResult
    public mutating func record(_ result: TestResult) -> Bool {
        if let first = results.updateValue(result, forKey: result.id) {
            results[result.id] = first
            duplicateCount += 1
            return false
        }
        if result.outcome.isFailure { failureCount += 1 }
        if result.isFlaky { flakyCount += 1 }
        arrivalOrder.append(result.id)
        scopes[result.scope, default: ScopeEntry()].add(result.id, worker: result.worker)
        return true
    }

    /// Marks a scope finished and returns its summary; nil when it was already finished.
    public mutating func finishScope(_ scope: String, worker: WorkerID?) -> ScopeReport? {
        guard finishedScopes.insert(scope).inserted else { return nil }
        if let worker { scopes[scope, default: ScopeEntry()].add(nil, worker: worker) }
        return report(forScope: scope)
    }

    /// The summary of one scope as it stands.
    public func report(forScope scope: String) -> ScopeReport {
        var counts = OutcomeCounts()
        var duration = 0.0
        for id in scopes[scope]?.tests ?? [] {
            guard let result = results[id] else { continue }
            counts.add(result.outcome)
            duration += result.duration
        }
        return ScopeReport(
            id: scope, counts: counts, duration: duration, workers: (scopes[scope]?.workers ?? []).sorted())
    }

    /// Counts over every recorded test.
    public var counts: OutcomeCounts {
        var counts = OutcomeCounts()
        for result in results.values { counts.add(result.outcome) }
        return counts
    }

    /// All results in arrival order.
    public var orderedResults: [TestResult] { arrivalOrder.compactMap { results[$0] } }

    /// Scopes that have any result or were finished, in universe order, plus any result scopes outside the
    /// universe (a framework may report a test under a file it imported).
    public var scopeReports: [ScopeReport] {
        let known = Set(universe)
        let extra = scopes.filter { !known.contains($0.key) && !$0.value.tests.isEmpty }.map(\.key).sorted()
        return (universe + extra)
            .filter { finishedScopes.contains($0) || scopes[$0]?.tests.isEmpty == false }
            .map { report(forScope: $0) }
    }
}

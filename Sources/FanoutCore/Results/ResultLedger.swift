/// Merges results as they arrive: every test keeps exactly one final outcome, every scope is finished once.
public struct ResultLedger: Sendable {
    /// Scope ids of the universe, in scheduling order.
    public let universe: [String]
    public private(set) var results: [String: TestResult] = [:]
    public private(set) var arrivalOrder: [String] = []
    public private(set) var testsByScope: [String: [String]] = [:]
    public private(set) var finishedScopes: Set<String> = []
    public private(set) var duplicateCount = 0
    /// Tests recorded as failed or errored.
    public private(set) var failureCount = 0
    /// Tests that passed after failing (`--retries`).
    public private(set) var flakyCount = 0
    private var workersByScope: [String: Set<WorkerID>] = [:]

    public init(universe: [String]) {
        self.universe = universe
    }

    /// Records a result. A second result for the same test id is ignored (first final outcome wins) and
    /// counted, and false is returned.
    @discardableResult
    public mutating func record(_ result: TestResult) -> Bool {
        guard results[result.id] == nil else {
            duplicateCount += 1
            return false
        }
        results[result.id] = result
        if result.outcome.isFailure { failureCount += 1 }
        if result.isFlaky { flakyCount += 1 }
        arrivalOrder.append(result.id)
        testsByScope[result.scope, default: []].append(result.id)
        if let worker = result.worker { workersByScope[result.scope, default: []].insert(worker) }
        return true
    }

    /// Marks a scope finished and returns its summary; nil when it was already finished.
    public mutating func finishScope(_ scope: String, worker: WorkerID?) -> ScopeReport? {
        guard finishedScopes.insert(scope).inserted else { return nil }
        if let worker { workersByScope[scope, default: []].insert(worker) }
        return report(forScope: scope)
    }

    /// The summary of one scope as it stands.
    public func report(forScope scope: String) -> ScopeReport {
        var counts = OutcomeCounts()
        var duration = 0.0
        for id in testsByScope[scope] ?? [] {
            guard let result = results[id] else { continue }
            counts.add(result.outcome)
            duration += result.duration
        }
        return ScopeReport(
            id: scope, counts: counts, duration: duration, workers: (workersByScope[scope] ?? []).sorted())
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
        let extra = testsByScope.keys.filter { !known.contains($0) }.sorted()
        return (universe + extra)
            .filter { finishedScopes.contains($0) || testsByScope[$0] != nil }
            .map { report(forScope: $0) }
    }
}

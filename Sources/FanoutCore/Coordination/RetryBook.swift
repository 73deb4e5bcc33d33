/// `--retries N`'s memory: the failed attempts of tests that will run again, held until the batch they failed in
/// ends. A sub-machine of `RunCoordinator`; what it holds always ends as a result (the last attempt, carrying the
/// earlier ones), never dropped.
struct RetryBook: Sendable, Equatable {
    /// How often a failed test runs again.
    let retries: Int
    /// Failed attempts so far, by test id.
    private(set) var attempts: [String: [TestResult]] = [:]
    /// Attempts waiting for their batch to end, by batch id.
    private var heldByBatch: [Int: [TestResult]] = [:]

    init(retries: Int) {
        self.retries = max(0, retries)
    }

    /// Holds back failed `result` of `batch` when the test has attempts left; returns the number of the attempt it
    /// will run as (2 for the first retry), nil when `result` is final.
    mutating func hold(_ result: TestResult, batch: Int) -> Int? {
        guard retries > 0, result.outcome.isFailure, result.id != result.scope else { return nil }
        let earlier = attempts[result.id, default: []]
        guard earlier.count < retries else { return nil }
        attempts[result.id] = earlier + [result]
        heldByBatch[batch, default: []].append(result)
        return earlier.count + 2
    }

    /// `result` as the test's final result, carrying its failed attempts.
    mutating func final(_ result: TestResult) -> TestResult {
        var final = result
        if let earlier = attempts.removeValue(forKey: result.id) { final.previousAttempts = earlier }
        return final
    }

    /// The attempts held until `batch` ended; they are to run again.
    mutating func takeHeld(batch: Int) -> [TestResult] {
        heldByBatch.removeValue(forKey: batch) ?? []
    }

    /// Every attempt still held (the run ends before they could run again).
    mutating func takeAllHeld() -> [TestResult] {
        defer { heldByBatch.removeAll() }
        return heldByBatch.sorted { $0.key < $1.key }.flatMap(\.value)
    }

    /// The last failed attempt of `id` as its final result, the earlier ones attached; nil when none is held.
    mutating func release(_ id: String) -> TestResult? {
        guard var earlier = attempts.removeValue(forKey: id), var last = earlier.popLast() else { return nil }
        last.previousAttempts = earlier.isEmpty ? nil : earlier
        return last
    }

    /// Tests waiting for another attempt, by scope: they need not run again with the rest of their scope.
    var waitingByScope: [String: Set<String>] {
        var byScope: [String: Set<String>] = [:]
        for (id, earlier) in attempts {
            guard let scope = earlier.last?.scope else { continue }
            byScope[scope, default: []].insert(id)
        }
        return byScope
    }

    /// The queue units that run `held` again: a test that ended its process (a crash, a timeout) alone, in a
    /// process of its own, so it cannot take untried tests down with it; other failures of a scope together; each
    /// preferably away from the slot it failed on.
    static func units(runningAgain held: [TestResult]) -> [WeightedScope] {
        let alone = held.filter { $0.endedItsProcess == true }
        let together = held.filter { $0.endedItsProcess != true }
        var units = alone.map { test in
            WeightedScope(
                id: test.scope, expectedSeconds: test.duration, isKnown: true, tests: [test.id], runsAlone: true,
                avoid: test.worker)
        }
        for (scope, tests) in Dictionary(grouping: together, by: \.scope).sorted(by: { $0.key < $1.key }) {
            units.append(
                WeightedScope(
                    id: scope, expectedSeconds: tests.reduce(0) { $0 + $1.duration }, isKnown: true,
                    tests: tests.map(\.id), avoid: tests.last?.worker))
        }
        return units
    }
}

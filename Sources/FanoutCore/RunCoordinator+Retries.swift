/// `--retries N`: a failed test runs again, up to N more times, preferably on another slot; its final result keeps
/// the failed attempts, and one that passes after failing is flaky (`--flaky-fail` makes flaky fail the run).
extension RunCoordinator {
    /// Holds back a failed result that will be retried, and says so; nil when the result is final.
    mutating func holdForRetry(_ result: TestResult) -> String? {
        guard retries > 0, phase == .running, result.outcome.isFailure, result.id != result.scope,
            let batch = result.batch, ledger.results[result.id] == nil
        else { return nil }
        let attempts = failedAttempts[result.id, default: []]
        guard attempts.count < retries else { return nil }
        failedAttempts[result.id] = attempts + [result]
        retriesByBatch[batch, default: []].append(result)
        return "\(result.id) \(result.outcome.rawValue) on \(result.worker?.description ?? "?"); "
            + "running it again (attempt \(attempts.count + 2) of \(retries + 1))"
    }

    /// Queues the held tests of a finished batch for another attempt, or records them as final when the run is
    /// stopping.
    mutating func queueRetries(of batchID: Int, now: Double) -> [Action] {
        guard let held = retriesByBatch.removeValue(forKey: batchID), !held.isEmpty else { return [] }
        guard phase == .running else { return releaseHeldAttempts(held) }
        // A test whose process ended in it (a crash, a timeout) runs again alone, in a process of its own, so
        // it cannot take tests that have not run yet down with it; other failures of a scope run again together.
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
        for unit in units { unitsRemaining[unit.id, default: 0] += 1 }
        queue.putBack(units)
        return dispatchIdleWorkers(now: now)
    }

    /// Records held failures as final (the run stops before they could run again); nothing is ever dropped.
    mutating func releaseHeldAttempts(_ held: [TestResult]) -> [Action] {
        var actions: [Action] = []
        for attempt in held {
            guard var attempts = failedAttempts.removeValue(forKey: attempt.id), var last = attempts.popLast()
            else { continue }
            last.previousAttempts = attempts.isEmpty ? nil : attempts
            if ledger.record(last) { actions.append(.emit(.testFinished(last))) }
        }
        return actions
    }
}

/// Batches whose test process ended abnormally (a crash, a kill): what they did not report goes back to the
/// queue once, without the tests that already have a result; a second abnormal end quarantines the rest.
extension RunCoordinator {
    /// How many times one scope's unreported tests go back to the queue.
    static let maximumRequeues = 1

    /// Requeues the unreported part of `units` (the units of a batch that ended abnormally) for the scopes in
    /// `incomplete`; scopes that cannot go back get an error result instead.
    mutating func requeueIncomplete(_ units: [WeightedScope], incomplete: Set<String>, now: Double) -> [Action] {
        var actions: [Action] = []
        var requeued: [WeightedScope] = []
        for unit in units where !Set(unit.scopeIDs).isDisjoint(with: incomplete) {
            let reported = Set(unit.scopeIDs.flatMap { ledger.testsByScope[$0] ?? [] })
            if let tests = unit.tests, tests.allSatisfy(reported.contains) { continue }
            let canRequeue =
                phase == .running && unit.members == nil
                && requeueCounts[unit.id, default: 0] < Self.maximumRequeues
            guard canRequeue else {
                actions += quarantine(unit, reported: reported, now: now)
                continue
            }
            var again = unit
            if let tests = unit.tests {
                again.tests = tests.filter { !reported.contains($0) }
            } else {
                again.deselected = Array(Set(unit.deselected ?? []).union(reported)).sorted()
            }
            requeueCounts[unit.id, default: 0] += 1
            unitsRemaining[unit.id, default: 0] += 1
            requeued.append(again)
        }
        guard !requeued.isEmpty else { return actions }
        queue.putBack(requeued)
        let names = Set(requeued.map(\.id)).sorted().joined(separator: ", ")
        actions.append(.emit(.notice("the test process ended abnormally; the unreported tests of \(names) run again")))
        return actions + dispatchIdleWorkers(now: now)
    }

    /// Scopes of `unit` without any result get an error that says why nothing more of them ran.
    private mutating func quarantine(_ unit: WeightedScope, reported: Set<String>, now: Double) -> [Action] {
        var actions: [Action] = []
        for scope in unit.scopeIDs where (ledger.testsByScope[scope] ?? []).isEmpty || unit.tests != nil {
            let missing = unit.tests.map { $0.filter { !reported.contains($0) } } ?? [scope]
            for id in missing {
                let result = TestResult(
                    id: id, scope: scope, outcome: .error, startedAt: now,
                    message: requeueCounts[unit.id, default: 0] >= Self.maximumRequeues
                        ? "not run: the test process ended abnormally again in this file, so it was not retried"
                        : "not run: the test process ended abnormally before reaching this file")
                if ledger.record(result) { actions.append(.emit(.testFinished(result))) }
            }
        }
        return actions
    }
}

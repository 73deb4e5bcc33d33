/// Batches that ended abnormally: what they did not report goes back to the queue without the tests that
/// already have a result. A test process that crashes twice, or work in flight on two hosts that were lost,
/// is quarantined: its unreported tests get an error saying why instead of running again.
extension RunCoordinator {
    /// How many times one scope's unreported tests go back to the queue after its test process crashed.
    static let maximumRequeues = 1
    /// How many lost hosts a unit may have been in flight on before it is quarantined: work that keeps
    /// killing hosts must not take every host of the run down with it.
    static let maximumHostLosses = 2

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
                let message =
                    requeueCounts[unit.id, default: 0] >= Self.maximumRequeues
                    ? "not run: the test process ended abnormally again in this file, so it was not retried"
                    : "not run: the test process ended abnormally before reaching this file"
                actions += quarantine(unit, reported: reported, message: message, now: now)
                continue
            }
            requeueCounts[unit.id, default: 0] += 1
            requeued.append(remainder(of: unit, without: reported))
        }
        guard !requeued.isEmpty else { return actions }
        queue.putBack(requeued)
        let names = Set(requeued.map(\.id)).sorted().joined(separator: ", ")
        actions.append(.emit(.notice("the test process ended abnormally; the unreported tests of \(names) run again")))
        return actions + dispatchIdleWorkers(now: now)
    }

    /// What is left of `unit` once the tests in `reported` have results; it counts as a unit still to run.
    mutating func remainder(of unit: WeightedScope, without reported: Set<String>) -> WeightedScope {
        var again = unit
        if let tests = unit.tests {
            again.tests = tests.filter { !reported.contains($0) }
        } else if unit.members == nil {
            again.deselected = Array(Set(unit.deselected ?? []).union(reported)).sorted()
        }
        for scope in unit.scopeIDs { unitsRemaining[scope, default: 0] += 1 }
        return again
    }

    /// Every unreported test of `unit` gets an error with `message`; a whole scope's unknown rest gets one error
    /// under the scope's id, so no part of it disappears silently.
    mutating func quarantine(
        _ unit: WeightedScope, reported: Set<String>, message: String, now: Double
    ) -> [Action] {
        var actions: [Action] = []
        for scope in unit.scopeIDs {
            let missing = unit.tests.map { $0.filter { !reported.contains($0) } } ?? [scope]
            for id in missing {
                let result = TestResult(id: id, scope: scope, outcome: .error, startedAt: now, message: message)
                if ledger.record(result) { actions.append(.emit(.testFinished(result))) }
            }
        }
        return actions
    }
}

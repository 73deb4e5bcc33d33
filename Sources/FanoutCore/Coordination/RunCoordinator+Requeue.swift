/// Batches that ended abnormally: what they did not report goes back to the queue without the tests that
/// already have a result (or wait for a retry). An end that a test explains (it crashed or timed out in that
/// test) costs the others nothing: they simply run again. An end that no test explains counts against the units
/// that made no progress in it; a unit with two such ends, or work in flight on two hosts that were lost, is
/// quarantined: its unreported tests get an error saying why instead of running again.
extension RunCoordinator {
    /// How many times a unit goes back to the queue after its test process ended with no test to blame.
    static let maximumRequeues = 1
    /// How many lost hosts a unit may have been in flight on before it is quarantined: work that keeps
    /// killing hosts must not take every host of the run down with it.
    static let maximumHostLosses = 2

    /// Requeues the unreported part of `units` (the units of a batch that ended abnormally, as `completion`
    /// says) for its incomplete scopes; what cannot go back gets an error result carrying the end of the
    /// process's output, or is not run when the run is stopping.
    mutating func requeueIncomplete(_ units: [WeightedScope], completion: BatchCompletion, now: Double) -> [Action] {
        let (batchID, incomplete) = (completion.batchID, Set(completion.incomplete))
        let explained = progress.endWasExplained(batch: batchID)
        var actions: [Action] = []
        var requeued: [WeightedScope] = []
        for unit in units where !Set(unit.scopeIDs).isDisjoint(with: incomplete) {
            let accounted = accountedTests(of: unit)
            if let tests = unit.tests, tests.allSatisfy(accounted.all.contains) { continue }
            guard phase == .running else {
                notRun += unit.scopeIDs
                continue
            }
            let unexplained = !explained && !progress.reported(batch: batchID, anyOf: unit.scopeIDs)
            let ends = requeueCounts[unit.id, default: 0] + (unexplained ? 1 : 0)
            guard ends <= Self.maximumRequeues else {
                let message =
                    "not run: the test process ended abnormally twice in this file before it reported these tests, "
                    + "with no test running to blame, so it was not tried again (the end of its output is in the details)"
                actions += quarantine(
                    unit, reported: accounted.all, message: message, details: completion.outputTail, now: now)
                continue
            }
            requeueCounts[unit.id] = ends
            var again = remainder(of: unit, without: accounted)
            // After an end that no test explains, each unit runs alone: a second such end then names its unit.
            if unexplained && units.count > 1 { again.runsAlone = true }
            requeued.append(again)
        }
        guard !requeued.isEmpty else { return actions }
        queue.putBack(requeued)
        actions.append(.emit(.requeued(units: Set(requeued.map(\.id)).sorted())))
        return actions + dispatchIdleWorkers(now: now)
    }

    /// The tests of `unit`'s scopes that need not run again: those with a final result and those held for a
    /// retry of their own, by scope and all together.
    func accountedTests(of unit: WeightedScope) -> (byScope: [String: Set<String>], all: Set<String>) {
        var byScope: [String: Set<String>] = [:]
        for scope in unit.scopeIDs { byScope[scope] = Set(ledger.tests(inScope: scope) ?? []) }
        for (scope, waiting) in retryBook.waitingByScope where byScope[scope] != nil {
            byScope[scope]?.formUnion(waiting)
        }
        return (byScope, byScope.values.reduce(into: Set<String>()) { $0.formUnion($1) })
    }

    /// What is left of `unit` once the `accounted` tests are taken out; it counts as a unit still to run.
    mutating func remainder(
        of unit: WeightedScope, without accounted: (byScope: [String: Set<String>], all: Set<String>)
    ) -> WeightedScope {
        var again = unit
        if let tests = unit.tests {
            again.tests = tests.filter { !accounted.all.contains($0) }
        } else {
            for (scope, tests) in accounted.byScope where !tests.isEmpty {
                again.deselected[scope] = Array(Set(unit.deselected[scope] ?? []).union(tests)).sorted()
            }
        }
        for scope in unit.scopeIDs { unitsRemaining[scope, default: 0] += 1 }
        return again
    }

    /// Every unreported test of `unit` gets an error with `message`; a whole scope's unknown rest gets one error
    /// under the scope's id, so no part of it disappears silently.
    mutating func quarantine(
        _ unit: WeightedScope, reported: Set<String>, message: String, details: String? = nil, now: Double
    ) -> [Action] {
        var actions: [Action] = []
        var quarantined: [String] = []
        for scope in unit.scopeIDs {
            let missing = unit.tests.map { $0.filter { !reported.contains($0) } } ?? [scope]
            for id in missing {
                var result = TestResult(
                    id: id, scope: scope, outcome: .error, startedAt: now, message: message, details: details)
                result.neverRan = true
                if ledger.record(result) {
                    actions.append(.emit(.testFinished(result)))
                    quarantined.append(id)
                }
            }
        }
        if !quarantined.isEmpty { actions.append(.emit(.quarantined(testIDs: quarantined, reason: message))) }
        return actions
    }
}

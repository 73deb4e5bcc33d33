/// The last check before the verdict: every discovered scope ends with results, with none because it has no
/// tests (its batch ended in order), or in the not-run list; every test the plan knew by name (slices,
/// isolated and smoke tests) ends with a result unless its scope is not run or another result says why it never
/// started (a failed class fixture). What a run that went to its end
/// still lacks was lost: it gets an error that says so and the run fails, so a report can never look green
/// with tests missing from it. A run stopped early (interrupt, --maxfail, abort) lists what it lacks as not run.
extension RunCoordinator {
    /// Test ids the plan knows by name, by scope.
    static func knownTests(in units: [WeightedScope]) -> [String: Set<String>] {
        var known: [String: Set<String>] = [:]
        for unit in units {
            guard let tests = unit.tests else { continue }
            known[unit.id, default: []].formUnion(tests)
        }
        return known
    }

    /// Records what the run lacks, as lost (errors) or, when it stopped early, as not run.
    mutating func accountForEverything(stoppedEarly: Bool, now: Double) -> [Action] {
        let listed = Set(notRun)
        var actions: [Action] = []
        var lost: [String] = []
        for scope in ledger.universe
        where ledger.tests(inScope: scope) == nil && !ledger.finishedScopes.contains(scope) && !listed.contains(scope) {
            if stoppedEarly {
                notRun.append(scope)
            } else {
                lost.append(scope)
                actions += recordLost(id: scope, scope: scope, now: now)
            }
        }
        for (scope, tests) in knownTests.sorted(by: { $0.key < $1.key }) where !listed.contains(scope) {
            let missing = tests.filter { ledger.results[$0] == nil && !explainedTests.contains($0) }.sorted()
            guard !missing.isEmpty else { continue }
            if stoppedEarly {
                notRun.append(scope)
                continue
            }
            lost += missing
            for id in missing { actions += recordLost(id: id, scope: scope, now: now) }
        }
        if !lost.isEmpty {
            abortCode = abortCode ?? .internalError
            problems.append(
                "\(lost.count) tests or files ended with no result and no reason (a Fanout bug; please report it "
                    + "with this run's JSON report): \(lost.prefix(5).joined(separator: ", "))")
        }
        return actions
    }

    private mutating func recordLost(id: String, scope: String, now: Double) -> [Action] {
        let result = TestResult(
            id: id, scope: scope, outcome: .error, startedAt: now,
            message: "lost: the run ended without a result for this, and without a reason why")
        return ledger.record(result) ? [.emit(.testFinished(result))] : []
    }
}

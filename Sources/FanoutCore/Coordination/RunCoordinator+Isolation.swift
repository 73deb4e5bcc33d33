/// Isolated scopes and the end of a run: after all other work, each isolated scope in turn gets its setup,
/// every slot for its tests, then its teardown; a run never finishes while a teardown is owed.
extension RunCoordinator {
    /// The queue is drained while running: start the next isolated stage, or finish.
    mutating func advance(now: Double) -> [Action] {
        if let current = isolation.current {
            guard current.stage == .testing else { return [] }
            if current.setUp && current.scope.hasTeardown { return startTeardown(now: now) }
            isolation.current = nil
        }
        guard let next = isolation.startNext() else { return finish(now: now) }
        guard next.stage == .settingUp else { return beginTesting(now: now) }
        isolation.current?.setupStartedAt = now
        return [
            .emit(.isolation(scope: next.scope.scope, step: .setupStarted)),
            .runSetup(scope: next.scope.scope),
        ]
    }

    /// Queues the current isolated scope's units and hands them to every idle slot.
    private mutating func beginTesting(now: Double) -> [Action] {
        guard let current = isolation.current else { return [] }
        isolation.current?.stage = .testing
        queue.enqueue(current.scope.units)
        return dispatchIdleWorkers(now: now)
    }

    private mutating func startTeardown(now: Double) -> [Action] {
        guard let scope = isolation.current?.scope.scope else { return [] }
        isolation.current?.stage = .tearingDown
        return [.emit(.isolation(scope: scope, step: .teardownStarted)), .runTeardown(scope: scope)]
    }

    mutating func setupFinished(scope: String, succeeded: Bool, detail: String, now: Double) -> [Action] {
        guard let current = isolation.current, current.scope.scope == scope, current.stage == .settingUp else {
            return []
        }
        guard succeeded else {
            failedCommands += 1
            problems.append("the setup command of isolated \(scope) failed: \(detail)")
            var actions: [Action] = [.emit(.isolation(scope: scope, step: .setupFailed(detail: detail)))]
            actions += recordSetupFailure(current.scope, detail: detail, now: now)
            isolation.current = nil
            return actions + (phase == .running ? advance(now: now) : wrapUp(now: now))
        }
        isolation.current?.setUp = true
        let succeeded: [Action] = [.emit(.isolation(scope: scope, step: .setupSucceeded(detail: detail)))]
        guard phase == .running else {
            // Stopping: none of its tests will run, but the teardown is owed.
            isolation.current?.stage = .testing
            notRun.append(scope)
            return succeeded + wrapUp(now: now)
        }
        return succeeded + beginTesting(now: now)
    }

    /// Every test of a scope whose setup failed ends as an error that says so, as pytest reports a failed fixture.
    private mutating func recordSetupFailure(_ isolated: IsolatedScope, detail: String, now: Double) -> [Action] {
        let ids = isolated.testIDs.isEmpty ? [isolated.scope] : isolated.testIDs
        var actions: [Action] = []
        for id in ids {
            let result = TestResult(
                id: id, scope: isolated.scope, outcome: .error, startedAt: now,
                message: "not run: the setup command of isolated \(isolated.scope) failed", details: detail)
            if ledger.record(result) { actions.append(.emit(.testFinished(result))) }
        }
        unitsRemaining[isolated.scope] = 0
        if let report = ledger.finishScope(isolated.scope, worker: nil) {
            actions.append(
                .emit(.scopeFinished(report, finished: ledger.finishedScopes.count, total: ledger.universe.count)))
        }
        return actions
    }

    mutating func teardownFinished(scope: String, succeeded: Bool, detail: String, now: Double) -> [Action] {
        guard let current = isolation.current, current.scope.scope == scope, current.stage == .tearingDown else {
            return []
        }
        isolation.current = nil
        var actions: [Action] = []
        if succeeded {
            actions.append(.emit(.isolation(scope: scope, step: .teardownSucceeded(detail: detail))))
        } else {
            failedCommands += 1
            problems.append("the teardown command of isolated \(scope) failed: \(detail)")
            actions.append(.emit(.isolation(scope: scope, step: .teardownFailed(detail: detail))))
        }
        if phase == .running && queue.isDrained { return actions + advance(now: now) }
        return actions + wrapUp(now: now, abandonBatches: batchesAbandoned)
    }

    /// The run is stopping and nothing more will be dispatched: run an owed teardown, wait for a running
    /// setup or teardown command, then finish. Isolated scopes that never started are not run.
    mutating func wrapUp(now: Double, abandonBatches: Bool = false) -> [Action] {
        notRun += isolation.dropWaiting()
        if !abandonBatches && !queue.inFlight.isEmpty { return [] }
        if let current = isolation.current {
            switch current.stage {
            case .settingUp, .tearingDown:
                return []
            case .testing:
                if current.setUp && current.scope.hasTeardown { return startTeardown(now: now) }
                isolation.current = nil
            }
        }
        return finish(now: now)
    }

    /// Ctrl-C or SIGTERM: the first stops gracefully, the second stops waiting for running batches, the third
    /// also gives up on an owed teardown.
    mutating func interrupt(now: Double) -> [Action] {
        interruptCount += 1
        guard phase == .stopping else {
            interrupted = true
            return stop(.interrupted, now: now)
        }
        if interruptCount >= 3 || isolation.current == nil {
            if let current = isolation.current {
                problems.append("interrupted again: the teardown of isolated \(current.scope.scope) may not have run")
            } else {
                problems.append("interrupted again: stopped without waiting for running batches")
            }
            batchesAbandoned = true
            return finish(now: now)
        }
        problems.append("interrupted again: stopped without waiting for running batches")
        batchesAbandoned = true
        return [.emit(.stopping(.interruptedAgain))] + wrapUp(now: now, abandonBatches: true)
    }
}

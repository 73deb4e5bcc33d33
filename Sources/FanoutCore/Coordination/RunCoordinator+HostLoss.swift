/// Hosts lost mid-run: the work they had in flight runs again elsewhere, alone, without what it reported;
/// work in flight on too many lost hosts is quarantined instead of taking the next host down too.
extension RunCoordinator {
    /// A host is gone: its finished results stay, its batches in flight go back to the queue.
    mutating func agentLost(host: String, reason: String, now: Double) -> [Action] {
        guard pool.lose(host: host) else { return [] }
        updateSlotCount()
        problems.append("host \(host) lost: \(reason)")
        var actions: [Action] = [.emit(.hostLost(host: host, reason: reason))]
        for (batchID, worker) in batchWorker.sorted(by: { $0.key < $1.key }) where worker.host == host {
            actions += batchLost(batchID, on: worker, now: now)
        }
        let finished = finishIfNoHostsLeft(now: now)
        if !finished.isEmpty { return actions + finished }
        if phase == .stopping && queue.inFlight.isEmpty { return actions + wrapUp(now: now) }
        if phase == .running && queue.isDrained { return actions + advance(now: now) }
        // Idle slots elsewhere can take the requeued work at once.
        return actions + dispatchIdleWorkers(now: now)
    }

    /// Requeues the units of in-flight batch `batchID`, whose host was lost, without what they reported; each
    /// runs alone from now on. Work that was in flight on too many lost hosts is quarantined: the test that
    /// was running each time when the agent said which (the rest of its file runs again), else the whole unit.
    mutating func batchLost(_ batchID: Int, on worker: WorkerID, now: Double) -> [Action] {
        if let setAside = lostWithCopyRunning(batchID, now: now) { return setAside }
        batchWorker[batchID] = nil
        inFlightWork.ended(batchID)
        let running = runningTests.removeValue(forKey: worker)
        guard let batch = queue.inFlight[batchID], let units = queue.complete(batchID: batchID) else { return [] }
        settle(units)
        progress.forget(batch: batchID)
        var actions = queueRetries(of: batchID, now: now)
        if phase == .running {
            var requeued: [WeightedScope] = []
            for unit in units {
                var accounted = accountedTests(of: unit)
                var reported = accounted.all
                let unreported = unit.tests.map { $0.filter { !reported.contains($0) } }
                if unreported?.isEmpty == true { continue }
                let suspect = running.flatMap { test in
                    !reported.contains(test.id)
                        && (unreported?.contains(test.id) ?? unit.scopeIDs.contains(test.scope)) ? test : nil
                }
                let hosts: Set<String>
                if let suspect {
                    hosts = hostLosses.lost(
                        worker.host, whileRunning: suspect.id, scope: suspect.scope,
                        unitKey: unit.tests == nil ? unit.id : suspect.id)
                } else if running == nil {
                    hosts = hostLosses.lost(
                        worker.host, unitKeys: unreported ?? [unit.id], scopes: unit.scopeIDs,
                        isSlice: unit.tests != nil)
                } else {
                    hosts = []  // another unit's test was running: this one only went down with it
                }
                if hosts.count >= Self.maximumHostLosses {
                    let lost = hosts.sorted().joined(separator: ", ")
                    guard let suspect else {
                        let message =
                            "not run: quarantined, because hosts \(lost) were each lost while it ran (it may be what "
                            + "brings hosts down); run it alone to see why"
                        actions += quarantine(unit, reported: reported, message: message, now: now)
                        continue
                    }
                    let result = TestResult(
                        id: suspect.id, scope: suspect.scope, outcome: .error, startedAt: now,
                        message: "quarantined: hosts \(lost) were each lost while this test ran (it may be what brings "
                            + "hosts down); run it alone to see why", worker: worker, batch: batchID)
                    if ledger.record(result) { actions.append(.emit(.testFinished(result))) }
                    reported.insert(suspect.id)
                    accounted.all.insert(suspect.id)
                    accounted.byScope[suspect.scope, default: []].insert(suspect.id)
                    if unreported?.allSatisfy(reported.contains) == true { continue }
                }
                var again = remainder(of: unit, without: accounted)
                again.runsAlone = true
                requeued.append(again)
            }
            queue.putBack(requeued)
        }
        return actions + finishScopes(of: batch, worker: worker, cutShort: phase != .running)
    }
}

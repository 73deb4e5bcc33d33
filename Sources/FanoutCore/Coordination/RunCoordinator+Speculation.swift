/// `speculate`: a slot that finds the queue empty runs a copy of a straggling batch instead of idling, and the
/// first copy to end cleanly counts. `Speculation` decides which batch straggles and which report is new; this
/// is how the run's state follows.
extension RunCoordinator {
    /// Time passed: slots waiting for work take copies of batches that began to straggle since they asked.
    public mutating func tick(now: Double) -> [Action] {
        guard speculation.enabled, phase == .running, !queue.hasWaiting else { return [] }
        var actions: [Action] = []
        for worker in pool.idle {
            guard let started = speculate(on: worker, now: now) else { continue }
            pool.unpark(worker)
            actions += started
        }
        return actions
    }

    /// Starts a copy of the worst straggler on `worker`, which found the queue empty; nil when none straggles.
    mutating func speculate(on worker: WorkerID, now: Double) -> [Action]? {
        guard speculation.enabled, phase == .running, let original = speculation.straggler(for: worker, now: now),
            let running = batchWorker[original], let copy = queue.copy(of: original)
        else { return nil }
        speculation.copied(original, as: copy.id, now: now)
        batchWorker[copy.id] = worker
        inFlightWork.started(copy.id, end: now + queue.policy.overhead(on: worker.host) + copy.expectedSeconds)
        return [
            .emit(.copyStarted(of: original, running: running, copy: copy, worker: worker)),
            .emit(.batchStarted(copy, worker: worker)), .run(copy, on: worker),
        ]
    }

    /// A batch whose copy still runs ended. A clean end counts and stops the copy; an abnormal one (a crash, a
    /// timeout, a cancel) is set aside while the copy runs on, and the copy's end counts. Nil for a batch
    /// without a running copy, which ends as any batch does.
    mutating func pairedBatchDone(_ completion: BatchCompletion, now: Double) -> [Action]? {
        guard let partner = speculation.partner(of: completion.batchID), queue.inFlight[completion.batchID] != nil
        else { return nil }
        let clean = completion.incomplete.isEmpty && !completion.cancelled && completion.usageError == nil
        guard clean else { return setAside(completion.batchID, ended: completion, now: now) }
        return setAside(partner, ended: nil, now: now) + batchEnded(completion, now: now)
    }

    /// The running copy of a lost host's batch carries its work on: the lost one only leaves the run.
    mutating func lostWithCopyRunning(_ batchID: Int, now: Double) -> [Action]? {
        guard speculation.partner(of: batchID) != nil else { return nil }
        return setAside(batchID, ended: nil, stop: false, now: now)
    }

    /// Takes batch `batchID` out of the run without settling its units (its partner does): what it reported
    /// first stays, its held failures run again, and its record says it did not count. A batch still running
    /// (`ended` nil) is stopped unless `stop` is false (its host is gone).
    private mutating func setAside(_ batchID: Int, ended: BatchCompletion?, stop: Bool = true, now: Double)
        -> [Action]
    {
        guard let batch = queue.inFlight[batchID] else { return [] }
        let handedOut = speculation.handOutTime(of: batchID) ?? now
        let worker = batchWorker.removeValue(forKey: batchID) ?? ended?.worker
        _ = queue.complete(batchID: batchID)
        inFlightWork.ended(batchID)
        batchTestSeconds[batchID] = nil
        progress.forget(batch: batchID)
        speculation.ended(batchID)
        if let worker { runningTests[worker] = nil }
        var actions: [Action] = []
        if let worker {
            let record = BatchRecord(
                id: batchID, worker: worker, scopes: batch.scopes, startedAt: ended?.startedAt ?? handedOut,
                wall: ended?.wall ?? max(0, now - handedOut), exitCode: ended?.exitCode, signal: ended?.signal,
                copyOf: speculation.original(of: batchID), counted: false)
            batchRecords.append(record)
            actions.append(.emit(.batchFinished(record, overhead: nil)))
            if ended == nil && stop { actions.append(.cancel(batchID: batchID, on: worker)) }
        }
        return actions + queueRetries(of: batchID, now: now)
    }
}

/// `--retries N`: a failed test runs again, up to N more times, preferably on another slot; its final result keeps
/// the failed attempts, and one that passes after failing is flaky (`--flaky-fail` makes flaky fail the run). The
/// attempts themselves are kept by `RetryBook`.
extension RunCoordinator {
    /// Holds back a failed result that will be retried, and says so; nil when the result is final.
    mutating func holdForRetry(_ result: TestResult) -> RunEvent? {
        guard phase == .running, let batch = result.batch, ledger.results[result.id] == nil,
            let attempt = retryBook.hold(result, batch: batch)
        else { return nil }
        return .retryScheduled(result, attempt: attempt, attempts: retryBook.retries + 1)
    }

    /// Queues the held tests of a finished batch for another attempt, or records them as final when the run is
    /// stopping.
    mutating func queueRetries(of batchID: Int, now: Double) -> [Action] {
        let held = retryBook.takeHeld(batch: batchID)
        guard !held.isEmpty else { return [] }
        guard phase == .running else { return releaseHeldAttempts(held) }
        let units = RetryBook.units(runningAgain: held)
        for unit in units { unitsRemaining[unit.id, default: 0] += 1 }
        queue.putBack(units)
        return dispatchIdleWorkers(now: now)
    }

    /// Records held failures as final (the run stops before they could run again); nothing is ever dropped.
    mutating func releaseHeldAttempts(_ held: [TestResult]) -> [Action] {
        var actions: [Action] = []
        for attempt in held {
            guard let last = retryBook.release(attempt.id) else { continue }
            if ledger.record(last) { actions.append(.emit(.testFinished(last))) }
        }
        return actions
    }
}

/// The controller's decisions for one run, as a state machine: it takes an input and returns actions.
///
/// It owns the work queue and the result ledger. The I/O shell feeds it agent messages and signals,
/// performs the actions it returns (send a batch, cancel, shut down, emit an event) and stops at `.finish`.
public struct RunCoordinator: Sendable {
    /// What happened.
    public enum Input: Sendable, Equatable {
        case agentJoined(host: String, slots: Int)
        case slotReady(WorkerID)
        case testStarted(testID: String, scope: String, worker: WorkerID, at: Double)
        case testFinished(TestResult)
        case batchDone(BatchCompletion)
        case agentLost(host: String, reason: String)
        /// A host that was expected never joined (it could not be reached or set up).
        case hostUnavailable(host: String, reason: String)
        /// Stop the run with `exitCode`: a problem no host can fix, such as a refused host key.
        case abort(reason: String, exitCode: ExitCode)
        case interrupt
        /// The setup command of isolated scope `scope` ended; `detail` says how (and its output when it failed).
        case setupFinished(scope: String, succeeded: Bool, detail: String)
        /// The teardown command of isolated scope `scope` ended.
        case teardownFinished(scope: String, succeeded: Bool, detail: String)
    }

    /// What the shell must do.
    public enum Action: Sendable, Equatable {
        case run(Batch, on: WorkerID)
        /// Stop batch `batchID` on `worker` (a straggler's copy that lost the race), if it still runs there.
        case cancel(batchID: Int, on: WorkerID)
        case cancelAll
        /// End every agent: after their running batches (`immediately` false), or at once, killing whatever
        /// they still run (a second interrupt).
        case shutdownAgents(immediately: Bool)
        case emit(RunEvent)
        case finish(RunReport)
        /// Run the setup command of isolated scope `scope`, then report `.setupFinished`.
        case runSetup(scope: String)
        /// Run the teardown command of isolated scope `scope`, then report `.teardownFinished`.
        case runTeardown(scope: String)
    }

    enum Phase: Sendable { case running, stopping, finished }

    public let runID: String
    public let adapter: String
    public let workspace: String
    public let startedAt: Double
    /// Stop the run once this many tests failed or errored (`--maxfail`); nil never stops.
    public let maxFailures: Int?
    public internal(set) var queue: WorkQueue
    public internal(set) var ledger: ResultLedger
    var isolation: IsolationProgress
    /// Setup or teardown commands of isolated scopes that failed; they fail the run.
    var failedCommands = 0
    var interruptCount = 0
    /// Whether a flaky test (failed, then passed on a retry) fails the run (`--flaky-fail`).
    public let flakyFails: Bool
    /// Failed attempts of tests that run again (`--retries`).
    var retryBook: RetryBook
    /// Times each unit id went back to the queue after an abnormal end of its batch.
    var requeueCounts: [String: Int] = [:]
    /// Hosts lost while work was in flight on them.
    var hostLosses = HostLossLedger()
    /// The test each slot reported started and has not finished yet.
    var runningTests: [WorkerID: (id: String, scope: String)] = [:]
    /// After a second interrupt the run no longer waits for batches (it still waits for an owed teardown).
    var batchesAbandoned = false
    var phase = Phase.running
    var interrupted = false
    var abortCode: ExitCode?
    var problems: [String] = []
    /// The slots of the hosts that joined, and how many hosts may still join.
    var pool: SlotPool
    var batchWorker: [Int: WorkerID] = [:]
    /// What the batches in flight still expect to take, to project when their slots free up.
    var inFlightWork: InFlightWork
    var batchRecords: [BatchRecord] = []
    var notRun: [String] = []
    /// Units (whole scopes or slices) of each scope not yet done; a scope finishes when its count reaches 0.
    var unitsRemaining: [String: Int] = [:]
    /// Test ids the plan knows by name (slices, isolated and smoke tests), by scope: each must end with a result.
    let knownTests: [String: Set<String>]
    /// Tests that never started for a reason another result gives (a failed class fixture): accounted for.
    var explainedTests: Set<String> = []
    /// What each in-flight batch reported, to judge how it ended.
    var progress = BatchProgress()
    /// Seconds of test time reported per batch, to derive per-batch overhead.
    var batchTestSeconds: [Int: Double] = [:]
    /// Straggling batches that run twice (`speculate`).
    var speculation: Speculation
    /// For a `--shard I/N` run: what its report says of the shard.
    public var shard: ReportShard?

    public init(
        runID: String, adapter: String, workspace: String, scopes: [WeightedScope], policy: BatchPolicy,
        startedAt: Double, expectedHosts: Int = 1, maxFailures: Int? = nil, smoke: [WeightedScope] = [],
        isolated: [IsolatedScope] = [], retries: Int = 0, flakyFails: Bool = false, speculate: Bool = false
    ) {
        self.speculation = Speculation(enabled: speculate)
        self.retryBook = RetryBook(retries: retries)
        self.flakyFails = flakyFails
        self.pool = SlotPool(expectedHosts: expectedHosts)
        self.maxFailures = maxFailures
        self.runID = runID
        self.adapter = adapter
        self.workspace = workspace
        self.startedAt = startedAt
        self.inFlightWork = InFlightWork(origin: startedAt)
        self.queue = WorkQueue(scopes: scopes, policy: policy, firstBatch: smoke)
        self.isolation = IsolationProgress(isolated)
        var universe: [String] = []
        for unit in smoke + scopes + isolated.flatMap(\.units) {
            for scope in unit.scopeIDs {
                if unitsRemaining[scope] == nil { universe.append(scope) }
                unitsRemaining[scope, default: 0] += 1
            }
        }
        self.ledger = ResultLedger(universe: universe)
        self.knownTests = Self.knownTests(in: smoke + scopes + isolated.flatMap(\.units))
    }

    public var isFinished: Bool { phase == .finished }

    /// The first actions of a run. With nothing to run it finishes at once (exit 5).
    public mutating func start(now: Double) -> [Action] {
        var actions: [Action] = [
            .emit(.started(runID: runID, adapter: adapter, scopeCount: ledger.universe.count, at: startedAt))
        ]
        if queue.isDrained { actions += advance(now: now) }
        return actions
    }

    public mutating func handle(_ input: Input, now: Double) -> [Action] {
        guard phase != .finished else { return [] }
        switch input {
        case .agentJoined(let host, let slots):
            let workers = pool.join(host: host, slots: slots)
            updateSlotCount()
            return [.emit(.hostJoined(host: host, workers: workers))]
        case .slotReady(let worker):
            return dispatch(to: worker, now: now)
        case .testStarted(let testID, let scope, let worker, let at):
            runningTests[worker] = (testID, scope)
            return [.emit(.testStarted(testID: testID, scope: scope, worker: worker, at: at))]
        case .testFinished(let reported):
            if let worker = reported.worker, runningTests[worker]?.id == reported.id { runningTests[worker] = nil }
            if let batch = reported.batch, queue.inFlight[batch] != nil {
                batchTestSeconds[batch, default: 0] += reported.duration
            }
            if let batch = reported.batch, !speculation.isFirstReport(of: reported.id, from: batch) { return [] }
            if let retry = holdForRetry(reported) {
                if let batch = reported.batch { progress.took(reported, batch: batch) }
                return [.emit(retry)]
            }
            let result = retryBook.final(reported)
            guard ledger.record(result) else { return [] }
            if let batch = result.batch { progress.took(result, batch: batch) }
            var actions: [Action] = [.emit(.testFinished(result))]
            if let maxFailures, result.outcome.isFailure, phase == .running, ledger.failureCount >= maxFailures {
                actions += stop(.maxfail(maxFailures), now: now)
            }
            return actions
        case .batchDone(let completion):
            return batchDone(completion, now: now)
        case .agentLost(let host, let reason):
            return agentLost(host: host, reason: reason, now: now)
        case .hostUnavailable(let host, let reason):
            pool.neverJoined()
            updateSlotCount()
            problems.append("host \(host) unavailable: \(reason)")
            return [.emit(.hostUnavailable(host: host, reason: reason))] + finishIfNoHostsLeft(now: now)
        case .abort(let reason, let exitCode):
            if abortCode == nil { abortCode = exitCode }
            if phase == .stopping { return [] }
            return stop(.aborted(reason), now: now)
        case .interrupt:
            return interrupt(now: now)
        case .setupFinished(let scope, let succeeded, let detail):
            return setupFinished(scope: scope, succeeded: succeeded, detail: detail, now: now)
        case .teardownFinished(let scope, let succeeded, let detail):
            return teardownFinished(scope: scope, succeeded: succeeded, detail: detail, now: now)
        }
    }

    mutating func dispatch(to worker: WorkerID, now: Double) -> [Action] {
        guard phase == .running, pool.isLive(worker) else { return [] }
        guard let batch = queue.nextBatch(fairShare: fairShare(now: now), for: worker) else {
            if let copy = speculate(on: worker, now: now) { return copy }
            pool.park(worker)
            return []
        }
        batchWorker[batch.id] = worker
        let expected = queue.policy.overhead(on: worker.host) + batch.expectedSeconds
        inFlightWork.started(batch.id, end: now + expected)
        speculation.handedOut(batch, units: queue.units(of: batch.id) ?? [], to: worker, expected: expected, now: now)
        return [.emit(.batchStarted(batch, worker: worker)), .run(batch, on: worker)]
    }

    /// Sizes batches for the slots that will share the queue: those that joined, plus as many per host still
    /// expected, so the first host to join does not take batches cut for itself alone.
    mutating func updateSlotCount() {
        if let planned = pool.plannedSlots { queue.policy.slotCount = planned }
    }

    /// The share of all remaining work (queued, plus what in-flight batches still expect to take) that one
    /// slot would carry if every live slot finished at the same time.
    private mutating func fairShare(now: Double) -> Double {
        let slots = pool.liveSlots
        guard slots > 0 else { return queue.remainingSeconds }
        return (queue.remainingSeconds + inFlightWork.remaining(now: now)) / Double(slots)
    }

    private mutating func batchDone(_ completion: BatchCompletion, now: Double) -> [Action] {
        if let paired = pairedBatchDone(completion, now: now) { return paired }
        return batchEnded(completion, now: now)
    }

    /// Batch `completion.batchID` ended, and its end counts.
    mutating func batchEnded(_ completion: BatchCompletion, now: Double) -> [Action] {
        guard let batch = queue.inFlight[completion.batchID], let units = queue.complete(batchID: batch.id) else {
            return []
        }
        settle(units)
        speculation.ended(batch.id)
        let worker = batchWorker.removeValue(forKey: batch.id) ?? completion.worker
        runningTests[worker] = nil
        inFlightWork.ended(batch.id)
        let record = BatchRecord(
            id: batch.id, worker: worker, scopes: batch.scopes, startedAt: completion.startedAt,
            wall: completion.wall, exitCode: completion.exitCode, signal: completion.signal,
            copyOf: speculation.original(of: batch.id), counted: speculation.isPaired(batch.id) ? true : nil)
        batchRecords.append(record)
        let cutShort = completion.cancelled || completion.usageError != nil
        let testSeconds = batchTestSeconds.removeValue(forKey: batch.id) ?? 0
        let overhead = cutShort ? nil : max(0, completion.wall - testSeconds)
        var actions: [Action] = [.emit(.batchFinished(record, overhead: overhead))]
        actions += queueRetries(of: batch.id, now: now)
        if !completion.incomplete.isEmpty && !completion.cancelled {
            actions += requeueIncomplete(units, completion: completion, now: now)
        }
        notRun += completion.notRun
        explainedTests.formUnion(completion.explained)
        progress.forget(batch: batch.id)
        actions += finishScopes(of: batch, worker: worker, cutShort: cutShort)
        if batch.isSmoke && !cutShort {
            let smokeResults = ledger.orderedResults.filter { $0.batch == batch.id }
            if !smokeResults.isEmpty && smokeResults.allSatisfy(\.outcome.isFailure) {
                actions += stop(.smokeFailed(count: smokeResults.count), now: now)
            }
        }
        if let usageError = completion.usageError, abortCode == nil {
            abortCode = .usageError
            actions += stop(.usageError(usageError), now: now)
        }
        if phase == .stopping && queue.inFlight.isEmpty { return actions + wrapUp(now: now) }
        if phase == .running && queue.isDrained { return actions + advance(now: now) }
        return actions
    }

    /// Counts down the units of a batch that left the queue; a scope is done when its count reaches 0.
    mutating func settle(_ units: [WeightedScope]) {
        for unit in units {
            for scope in unit.scopeIDs { unitsRemaining[scope, default: 1] -= 1 }
        }
    }

    /// Finishes the scopes of `batch` that have no units left; when the batch was cut short, its scopes
    /// without any result did not run.
    mutating func finishScopes(of batch: Batch, worker: WorkerID, cutShort: Bool) -> [Action] {
        var actions: [Action] = []
        for scope in batch.scopes {
            if cutShort && ledger.tests(inScope: scope) == nil {
                notRun.append(scope)
                continue
            }
            guard unitsRemaining[scope, default: 0] <= 0 else { continue }
            if let report = ledger.finishScope(scope, worker: worker) {
                actions.append(
                    .emit(
                        .scopeFinished(
                            report, finished: ledger.finishedScopes.count, total: ledger.universe.count)))
            }
        }
        return actions
    }

    /// Hands queued work to every idle slot.
    mutating func dispatchIdleWorkers(now: Double) -> [Action] {
        pool.takeIdle().flatMap { dispatch(to: $0, now: now) }
    }

    /// With no live host and none still coming, the remaining work cannot run: an internal error.
    mutating func finishIfNoHostsLeft(now: Double) -> [Action] {
        let isolatedWorkLeft = !isolation.waiting.isEmpty || isolation.current?.stage == .testing
        guard pool.isExhausted && (!queue.isDrained || isolatedWorkLeft) else { return [] }
        abortCode = abortCode ?? .internalError
        problems.append("no hosts left to run the remaining work")
        if phase == .running { phase = .stopping }
        batchesAbandoned = true
        notRun += queue.drainPending()
        notRun += queue.inFlight.values.flatMap(\.scopes).filter { ledger.tests(inScope: $0) == nil }
        return wrapUp(now: now, abandonBatches: true)
    }

    mutating func stop(_ reason: StopReason, now: Double) -> [Action] {
        guard phase == .running else { return [] }
        phase = .stopping
        problems.append(reason.description)
        notRun += queue.drainPending()
        if queue.inFlight.isEmpty { return [.emit(.stopping(reason))] + wrapUp(now: now) }
        return [.emit(.stopping(reason)), .cancelAll]
    }

    mutating func finish(now: Double) -> [Action] {
        var released = releaseHeldAttempts(retryBook.takeAllHeld())
        let stoppedEarly = phase == .stopping || interrupted || abortCode != nil
        phase = .finished
        notRun += queue.inFlight.values.flatMap(\.scopes).filter { ledger.tests(inScope: $0) == nil }
        released += accountForEverything(stoppedEarly: stoppedEarly, now: now)
        let counts = ledger.counts
        let exitCode: ExitCode
        if interrupted {
            exitCode = .interrupted
        } else if let abortCode {
            exitCode = abortCode
        } else if counts.failures > 0 || failedCommands > 0 || (flakyFails && ledger.flakyCount > 0) {
            exitCode = .testsFailed
        } else if counts.total == 0 {
            exitCode = .noTestsCollected
        } else {
            exitCode = .allPassed
        }
        let report = RunReport(
            runID: runID, adapter: adapter, workspace: workspace, startedAt: startedAt,
            duration: max(0, now - startedAt), exitCode: exitCode, interrupted: interrupted, problems: problems,
            workers: pool.everJoined, counts: counts, scopes: ledger.scopeReports,
            notRun: Array(Set(notRun)).sorted(), tests: ledger.orderedResults, batches: batchRecords, shard: shard)
        return released + [.shutdownAgents(immediately: batchesAbandoned), .emit(.finished(report)), .finish(report)]
    }
}

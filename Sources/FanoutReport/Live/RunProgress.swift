import FanoutCore

/// Where a run stands, folded from its events: for the live status line and its ETA.
public struct RunProgress: Sendable, Equatable {
    public private(set) var startedAt: Double?
    /// The latest time an event carried (a test's start, a tick).
    public private(set) var now = 0.0
    public private(set) var totalScopes = 0
    public private(set) var finishedScopes = 0
    public private(set) var testsDone = 0
    public private(set) var failures = 0
    /// Every slot of the hosts still in the run, with the test it runs (nil: between tests or idle).
    public private(set) var running: [WorkerID: String?] = [:]
    private var expected: [String: Double] = [:]
    private var expectedTotal = 0.0
    /// Expected and actual test seconds of the finished scopes that had an expectation.
    private var doneExpected = 0.0
    private var doneActual = 0.0
    /// Actual test seconds of the finished scopes without one, and how many those were.
    private var unknownDoneSeconds = 0.0
    private var unknownDoneCount = 0

    public init() {}

    public mutating func handle(_ event: RunEvent) {
        switch event {
        case .started(_, _, let scopeCount, let at):
            (startedAt, totalScopes, now) = (at, scopeCount, at)
        case .planned(let expectedSeconds):
            expected = expectedSeconds
            expectedTotal = expectedSeconds.values.reduce(0, +)
        case .hostJoined(_, let workers):
            for worker in workers where running[worker] == nil { running[worker] = .some(nil) }
        case .hostLost(let host, _):
            running = running.filter { $0.key.host != host }
        case .testStarted(let id, _, let worker, let at):
            running[worker] = id
            now = max(now, at)
        case .testFinished(let result):
            testsDone += 1
            if result.outcome.isFailure { failures += 1 }
            if let worker = result.worker, running[worker] == result.id { running[worker] = .some(nil) }
        case .batchFinished(let record, _):
            if running[record.worker] != nil { running[record.worker] = .some(nil) }
        case .scopeFinished(let scope, let finished, let total):
            (finishedScopes, totalScopes) = (finished, total)
            if let seconds = expected[scope.id] {
                doneExpected += seconds
                doneActual += scope.duration
            } else {
                unknownDoneSeconds += scope.duration
                unknownDoneCount += 1
            }
        case .tick(let at):
            now = max(now, at)
        default:
            break
        }
    }

    public var elapsed: Double { max(0, now - (startedAt ?? now)) }

    /// Seconds until the run ends: the expected test time left (history's, scaled by how this run's finished
    /// scopes compared with it) over the slots; without history, the elapsed time scaled by the scopes left. Nil
    /// until something finished.
    public var eta: Double? {
        guard finishedScopes > 0, totalScopes > finishedScopes else { return finishedScopes > 0 ? 0 : nil }
        let slots = Double(max(1, running.count))
        if doneExpected > 0 {
            let pace = min(4, max(0.25, doneActual / doneExpected))
            let unknownLeft = max(0, totalScopes - expected.count - unknownDoneCount)
            let unknownMean = unknownDoneCount > 0 ? unknownDoneSeconds / Double(unknownDoneCount) : 0
            let left = max(0, expectedTotal - doneExpected) * pace + Double(unknownLeft) * unknownMean
            return left / slots
        }
        return elapsed * Double(totalScopes - finishedScopes) / Double(finishedScopes)
    }
}

import FanoutAdapters
import FanoutCore
import FanoutPosix
import FanoutProtocol

/// Turns a batch's result pipe into protocol messages as lines arrive, tracking which tests started and
/// never finished.
struct ResultStream {
    let runner: any BatchRunning
    let batch: Batch
    let worker: WorkerID
    let writer: MessageWriter
    private var splitter = LineSplitter()
    private(set) var results: [TestResult] = []
    private var started: [String: (scope: String, at: Double)] = [:]
    private var startOrder: [String] = []
    /// Lines noted about running tests, by test id.
    private var notes: [String: [String]] = [:]
    /// The runner's word that its session ended in order, once it says so.
    private(set) var sessionEnd: SessionEnd?

    init(runner: any BatchRunning, batch: Batch, worker: WorkerID, writer: MessageWriter) {
        self.runner = runner
        self.batch = batch
        self.worker = worker
        self.writer = writer
    }

    /// Tests that started and have no result, in start order.
    var unfinished: [(testID: String, scope: String, startedAt: Double)] {
        startOrder.compactMap { id in started[id].map { (id, $0.scope, $0.at) } }
    }

    /// The test started last that has no result yet, for the timeout watch, which asks after every read. Drops the
    /// finished tests from the end of the start order on the way, so that asking is O(1) amortised: walking the
    /// whole order each time made a batch of a thousand fast tests quadratic in the agent.
    mutating func lastUnfinished() -> (testID: String, startedAt: Double)? {
        while let last = startOrder.last {
            if let entry = started[last] { return (last, entry.at) }
            startOrder.removeLast()
        }
        return nil
    }

    mutating func consume(_ chunk: [UInt8]) {
        for line in splitter.push(chunk) { handle(line) }
    }

    mutating func finishInput() {
        if let rest = splitter.finish() { handle(rest) }
    }

    private mutating func handle(_ line: LineSplitter.Line) {
        guard case .text(let line) = line else {
            // A result line past the splitter's limit cannot be a result the runners write (their fields are
            // bounded); what it would have said is lost, and the test stays unfinished for the finisher.
            writer.send(.log(level: .warning, message: "batch \(batch.id): dropped a result line over the size limit"))
            return
        }
        switch runner.decode(line: line, batch: batch) {
        case .started(let testID, let scope, let at):
            let scope = normalized(scope)
            if started[testID] == nil { startOrder.append(testID) }
            started[testID] = (scope, at)
            writer.send(.testStarted(batch: batch.id, slot: worker.slot, testID: testID, scope: scope, at: at))
        case .finished(let result):
            forward(result)
        case .note(let testID, let text):
            notes[testID, default: []].append(text)
        case .sessionEnded(let end):
            sessionEnd = end
        case nil:
            break
        }
    }

    /// Stamps a result with this slot and batch and sends it.
    mutating func forward(_ result: TestResult) {
        var result = result
        if let noted = notes.removeValue(forKey: result.id), result.details == nil {
            result.message = result.message ?? noted.first
            result.details = noted.joined(separator: "\n")
        }
        result.scope = normalized(result.scope)
        result.worker = worker
        result.batch = batch.id
        started[result.id] = nil
        results.append(result)
        writer.send(.testFinished(result))
    }

    /// A result without a usable scope (a session-level error) belongs to the batch's first scope.
    private func normalized(_ scope: String) -> String {
        scope.isEmpty || scope == "." ? (batch.scopes.first ?? scope) : scope
    }
}

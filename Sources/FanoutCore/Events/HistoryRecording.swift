/// What the history keeps of a run, gathered from the run's events like any reporter's output: the scopes that
/// ran to completion, the per-batch overheads measured, and at the end every result.
public struct HistoryRecording: Sendable {
    /// Scopes that exist now (every scope discovered, whether or not this run ran it).
    public let universe: Set<String>
    /// Scopes this run ran only in part (a shard's slices, `--lf`): their durations prove nothing.
    public let partialScopes: Set<String>
    /// The history key of the run's per-batch overheads (`History.overheadKey`).
    public let overheadKey: String
    private var completedScopes: Set<String> = []
    /// Overheads of batches that followed another on their slot, and of each slot's first batch, which also paid
    /// the slot's start (a warm worker's imports, or a cold disk cache) and so is no batch's usual cost.
    private var overheads = MeasuredOverheads()
    private var firstOverheads = MeasuredOverheads()
    private var startedWorkers: Set<WorkerID> = []

    public init(universe: Set<String>, partialScopes: Set<String>, overheadKey: String) {
        self.universe = universe
        self.partialScopes = partialScopes
        self.overheadKey = overheadKey
    }

    /// Takes in one event; at the run's end, returns the update to fold into the history.
    public mutating func handle(_ event: RunEvent) -> HistoryUpdate? {
        switch event {
        case .scopeFinished(let scope, _, _):
            if !partialScopes.contains(scope.id) { completedScopes.insert(scope.id) }
        case .batchFinished(let record, let overhead):
            let first = startedWorkers.insert(record.worker).inserted
            if let overhead {
                if first {
                    firstOverheads.append(overhead, host: record.worker.host)
                } else {
                    overheads.append(overhead, host: record.worker.host)
                }
            }
        case .finished(let report):
            // Where slots ran one batch each (the run, or one host of it), first batches are the best measure.
            return HistoryUpdate(
                universe: universe, completedScopes: completedScopes, results: report.tests,
                batchOverheads: overheads.all.isEmpty ? firstOverheads.all : overheads.all,
                hostOverheads: firstOverheads.byHost.merging(overheads.byHost) { _, later in later },
                adapter: overheadKey,
                run: RunSample(
                    report,
                    whole: partialScopes.isEmpty && universe.isSubset(of: report.scopes.map(\.id))))
        default:
            break
        }
        return nil
    }
}

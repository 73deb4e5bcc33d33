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
    private var overheads: [Double] = []
    private var hostOverheads: [String: [Double]] = [:]

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
            if let overhead {
                overheads.append(overhead)
                hostOverheads[record.worker.host, default: []].append(overhead)
            }
        case .finished(let report):
            return HistoryUpdate(
                universe: universe, completedScopes: completedScopes, results: report.tests,
                batchOverheads: overheads, hostOverheads: hostOverheads, adapter: overheadKey)
        default:
            break
        }
        return nil
    }
}

import FanoutCore
import FanoutReport

/// The history as one more consumer of the run's events: at the run's end it folds the run into
/// `.fanout/history.json`.
struct HistorySink: RunReporter {
    let store: HistoryStore
    var recording: HistoryRecording

    mutating func handle(_ event: RunEvent) throws {
        guard let update = recording.handle(event) else { return }
        do {
            try store.merge(update)
        } catch {
            throw ReportError("could not save history to \(store.path): \(error)")
        }
    }
}

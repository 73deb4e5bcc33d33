import FanoutAdapters
import Synchronization

/// Each slot's warm worker, started on the slot's first batch and kept for the session. A slot whose worker
/// cannot start runs cold from then on (the agent says why once).
final class WarmWorkers: Sendable {
    private struct State {
        var workers: [Int: WarmWorker] = [:]
        var cold: Set<Int> = []
    }

    private let state = Mutex(State())

    /// The slot's worker, started with `command` if it has none yet; nil when the slot runs cold. `warn`
    /// hears why a worker could not start.
    func worker(slot: Int, command: BatchCommand, warn: (String) -> Void) -> WarmWorker? {
        let known = state.withLock { state -> (WarmWorker?, Bool) in (state.workers[slot], state.cold.contains(slot)) }
        if let worker = known.0 { return worker }
        if known.1 { return nil }
        do {
            let worker = try WarmWorker.start(command)
            state.withLock { $0.workers[slot] = worker }
            return worker
        } catch {
            state.withLock { _ = $0.cold.insert(slot) }
            warn("slot \(slot) runs its batches in new processes: \(error)")
            return nil
        }
    }

    /// Stops the slot's worker after it failed; its next batch starts a new one.
    func discard(slot: Int) {
        let worker = state.withLock { $0.workers.removeValue(forKey: slot) }
        worker?.stop()
    }

    func stopAll() {
        let workers = state.withLock { state -> [WarmWorker] in
            defer { state.workers.removeAll() }
            return Array(state.workers.values)
        }
        for worker in workers { worker.stop() }
    }
}

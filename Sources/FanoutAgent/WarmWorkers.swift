import FanoutAdapters
import FanoutPosix
import Synchronization

/// The host's warm workers: one zygote per agent does the imports once (pytest, plugins, `warm_imports`) and
/// each slot's worker is forked from it on the slot's first batch, so N slots start after one warm-up instead of
/// N warm-ups competing for the cores. A slot whose worker cannot start runs cold from then on (the agent says
/// why once).
final class WarmWorkers: Sendable {
    private struct State {
        var workers: [Int: WarmWorker] = [:]
        var cold: Set<Int> = []
        /// The session is over: no worker is started or kept from now on.
        var stopped = false
    }

    private enum Zygote {
        case none
        case warm(WarmWorker)
        case failed(String)
    }

    private let state = Mutex(State())
    /// Held while the zygote warms up or forks, so the other slots wait for the one warm-up.
    private let zygote = Locked(Zygote.none)

    /// The slot's worker, forked from the zygote (started with `command` if there is none yet); nil when the slot
    /// runs cold. `warn` hears why a worker could not start.
    func worker(slot: Int, command: BatchCommand, warn: (String) -> Void) -> WarmWorker? {
        let known = state.withLock { state -> (WarmWorker?, Bool) in
            (state.workers[slot], state.cold.contains(slot) || state.stopped)
        }
        if let worker = known.0 { return worker }
        if known.1 { return nil }
        do {
            let worker = try forkFromZygote(command)
            // A worker forked while the session ended (a slot warming ahead of its first batch) is not kept.
            let kept = state.withLock { state -> Bool in
                guard !state.stopped else { return false }
                state.workers[slot] = worker
                return true
            }
            guard kept else {
                worker.stop()
                return nil
            }
            return worker
        } catch {
            state.withLock { _ = $0.cold.insert(slot) }
            warn("slot \(slot) runs its batches in new processes: \(error)")
            return nil
        }
    }

    private func forkFromZygote(_ command: BatchCommand) throws -> WarmWorker {
        try zygote.withLock { zygote in
            switch zygote {
            case .failed(let reason):
                throw PosixError(reason)
            case .warm(let warm):
                do {
                    return try warm.forkSlotWorker()
                } catch {
                    warm.stop()
                    zygote = .failed("\(error)")
                    throw error
                }
            case .none:
                var zygoteCommand = command
                zygoteCommand.environment["FANOUT_WARM_ZYGOTE"] = "1"
                do {
                    let warm = try WarmWorker.start(zygoteCommand)
                    zygote = .warm(warm)
                    return try warm.forkSlotWorker()
                } catch {
                    zygote = .failed("\(error)")
                    throw error
                }
            }
        }
    }

    /// Stops the slot's worker after it failed; its next batch forks a new one.
    func discard(slot: Int) {
        let worker = state.withLock { $0.workers.removeValue(forKey: slot) }
        worker?.stop()
    }

    /// Stops every worker and the zygote for good: the session is over.
    func stopAll() {
        let workers = state.withLock { state -> [WarmWorker] in
            defer {
                state.workers.removeAll()
                state.stopped = true
            }
            return Array(state.workers.values)
        }
        for worker in workers { worker.stop() }
        let warm = zygote.withLock { zygote -> WarmWorker? in
            defer { zygote = .failed("the session is over") }
            if case .warm(let worker) = zygote { return worker }
            return nil
        }
        warm?.stop()
    }
}

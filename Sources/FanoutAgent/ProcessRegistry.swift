import FanoutPosix
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The test processes running on this agent, by slot, so that cancel and shutdown can reach them all.
final class ProcessRegistry: Sendable {
    private struct Entry {
        var batchID: Int
        var process: (any TestProcess)?
        var cancelled: Bool
    }

    private let entries = Mutex<[Int: Entry]>([:])

    /// Registers batch `batchID`, starting in `slot`.
    func begin(slot: Int, batchID: Int) {
        entries.withLock { $0[slot] = Entry(batchID: batchID, process: nil, cancelled: false) }
    }

    /// Attaches the spawned process; returns false when the batch was cancelled meanwhile (the caller then
    /// stops the process itself).
    func attach(_ process: any TestProcess, slot: Int) -> Bool {
        entries.withLock { entries in
            entries[slot]?.process = process
            return !(entries[slot]?.cancelled ?? true)
        }
    }

    func end(slot: Int) {
        _ = entries.withLock { $0.removeValue(forKey: slot) }
    }

    func isCancelled(slot: Int) -> Bool {
        entries.withLock { $0[slot]?.cancelled ?? false }
    }

    var isEmpty: Bool { entries.withLock { $0.isEmpty } }

    /// Marks every running batch cancelled and sends SIGTERM to its process group, then SIGKILL to whatever
    /// is left after `grace` seconds.
    func cancelAll(grace: Double) {
        let processes = entries.withLock { entries -> [any TestProcess] in
            for slot in entries.keys { entries[slot]?.cancelled = true }
            return entries.values.compactMap(\.process)
        }
        stop(processes, grace: grace)
    }

    /// Cancels batch `batchID` as `cancelAll` does, if `slot` still runs it.
    func cancel(batchID: Int, slot: Int, grace: Double) {
        let process = entries.withLock { entries -> (any TestProcess)? in
            guard entries[slot]?.batchID == batchID else { return nil }
            entries[slot]?.cancelled = true
            return entries[slot]?.process
        }
        stop(process.map { [$0] } ?? [], grace: grace)
    }

    private func stop(_ processes: [any TestProcess], grace: Double) {
        guard !processes.isEmpty else { return }
        var groups = processes.map { _ in Set<Int32>() }
        for (index, process) in processes.enumerated() { process.signalTree(SIGTERM, groups: &groups[index]) }
        let seen = groups
        Threads.start("fanout-kill") {
            usleep(UInt32(grace * 1_000_000))
            for (index, process) in processes.enumerated() {
                var groups = seen[index]
                process.signalTree(SIGKILL, groups: &groups)
            }
        }
    }

    /// Kills every process group at once; used when the controller is gone.
    func killAll() {
        let processes = entries.withLock { entries -> [any TestProcess] in
            for slot in entries.keys { entries[slot]?.cancelled = true }
            return entries.values.compactMap(\.process)
        }
        for process in processes {
            var groups: Set<Int32> = []
            process.signalTree(SIGKILL, groups: &groups)
        }
    }
}

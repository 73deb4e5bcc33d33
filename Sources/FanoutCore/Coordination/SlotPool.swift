/// The slots that can take work: those of the hosts that joined and are not lost, which of them wait for work,
/// and how many hosts may still join. A sub-machine of `RunCoordinator`.
struct SlotPool: Sendable, Equatable {
    /// Live hosts and their slots.
    private(set) var live: [String: [WorkerID]] = [:]
    /// Hosts expected to join that have neither joined nor failed yet.
    private(set) var pending: Int
    /// Every slot that ever joined, in joining order (the report lists them).
    private(set) var everJoined: [WorkerID] = []
    /// Live slots waiting for work, in the order they asked.
    private(set) var idle: [WorkerID] = []
    /// Slots of the live hosts, kept as a count: every batch handed out asks for it.
    private(set) var liveSlots = 0

    init(expectedHosts: Int) {
        pending = max(0, expectedHosts)
    }

    /// `host` joined with `slots` slots (at least one); returns them.
    mutating func join(host: String, slots: Int) -> [WorkerID] {
        let workers = (1...max(1, slots)).map { WorkerID(host: host, slot: $0) }
        liveSlots += workers.count - (live[host]?.count ?? 0)
        live[host] = workers
        everJoined += workers
        pending = max(0, pending - 1)
        return workers
    }

    /// An expected host will not join.
    mutating func neverJoined() {
        pending = max(0, pending - 1)
    }

    /// `host` is gone; false when it was not live.
    mutating func lose(host: String) -> Bool {
        guard let lost = live.removeValue(forKey: host) else { return false }
        liveSlots -= lost.count
        idle.removeAll { $0.host == host }
        return true
    }

    func isLive(_ worker: WorkerID) -> Bool { live[worker.host] != nil }

    /// A live slot found no work: it waits for some.
    mutating func park(_ worker: WorkerID) {
        if isLive(worker) && !idle.contains(worker) { idle.append(worker) }
    }

    /// `worker` no longer waits: it got work another way (a straggler's copy).
    mutating func unpark(_ worker: WorkerID) {
        idle.removeAll { $0 == worker }
    }

    /// Every waiting slot, which now gets another chance at the queue.
    mutating func takeIdle() -> [WorkerID] {
        defer { idle.removeAll() }
        return idle
    }

    /// Slots to size batches for: the live ones plus as many per host still expected, so that the first host to
    /// join does not take batches cut for itself alone; nil while no host is live.
    var plannedSlots: Int? {
        guard !live.isEmpty else { return nil }
        return liveSlots + pending * (liveSlots / live.count)
    }

    /// No live host and none still to come: nothing more can run.
    var isExhausted: Bool { live.isEmpty && pending == 0 }
}

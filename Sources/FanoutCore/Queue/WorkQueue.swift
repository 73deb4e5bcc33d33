/// The shared queue that slots pull batches from: a state machine with no I/O.
///
/// Scopes wait longest-first. A batch is cut from the front of the queue when a slot asks for work, so its
/// size reflects how much work remains at that moment. Batches in flight can be completed or put back
/// (when their host is lost), in which case their scopes go to the front of the queue again.
public struct WorkQueue: Sendable {
    /// The waiting units, front of the queue last: units are taken from and put back at the front, and at the
    /// end of an array that costs O(1), where the front of one costs a move of the whole queue.
    private var waiting: [WeightedScope]
    /// Seconds of queued work not yet handed out.
    public private(set) var remainingSeconds: Double
    /// The waiting units, front first.
    public var pending: [WeightedScope] { waiting.reversed() }
    public private(set) var inFlight: [Int: Batch] = [:]
    /// The units each in-flight batch carries, so a lost batch goes back exactly as it was cut.
    private var inFlightUnits: [Int: [WeightedScope]] = [:]
    public var policy: BatchPolicy
    private var nextBatchID = 1

    /// Units that form the very first batch, whatever its size (smoke tests).
    private var firstBatch: [WeightedScope]

    public init(scopes: [WeightedScope], policy: BatchPolicy, firstBatch: [WeightedScope] = []) {
        self.waiting = scopes.reversed()
        self.remainingSeconds = scopes.reduce(0) { $0 + $1.expectedSeconds }
        self.policy = policy
        self.firstBatch = firstBatch
    }

    /// Whether units wait to be handed out.
    public var hasWaiting: Bool { !waiting.isEmpty || !firstBatch.isEmpty }

    /// True when nothing is queued and nothing is in flight.
    public var isDrained: Bool { waiting.isEmpty && firstBatch.isEmpty && inFlight.isEmpty }

    /// Cuts the next batch for a slot that asked for work, or nil when the queue is empty. It takes scopes from
    /// the front until their expected work reaches the policy's target. Units that would rather not run on
    /// `worker` are passed over while there is other work for it; a unit that runs alone gets a batch of its own.
    public mutating func nextBatch(fairShare: Double? = nil, for worker: WorkerID? = nil) -> Batch? {
        if !firstBatch.isEmpty {
            defer { firstBatch.removeAll() }
            return cut(firstBatch, work: firstBatch.reduce(0) { $0 + $1.expectedSeconds }, isSmoke: true)
        }
        guard !waiting.isEmpty else { return nil }
        let target = policy.targetSeconds(remaining: remainingSeconds, fairShare: fairShare, host: worker?.host)
        let passOver = worker != nil && waiting.contains { $0.avoid != worker }
        var taken: [WeightedScope] = []
        var work = 0.0
        var index = waiting.count - 1
        // Longest first, so the overshoot past the target is at most one (smaller) scope.
        // A batch always takes at least one unit, even when the work left is estimated at zero seconds.
        while index >= 0, taken.count < policy.maxScopesPerBatch, taken.isEmpty || work < target * (1 - 1e-9) {
            let next = waiting[index]
            index -= 1
            if passOver && next.avoid == worker { continue }
            if next.runsAlone && !taken.isEmpty { break }
            // Slices exist to run in parallel: never two of one scope in the same batch.
            if next.tests != nil && taken.contains(where: { $0.id == next.id && $0.tests != nil }) { break }
            taken.append(waiting.remove(at: index + 1))
            remainingSeconds -= next.expectedSeconds
            work += next.expectedSeconds
            if next.runsAlone { break }
        }
        if waiting.isEmpty { remainingSeconds = 0 }
        return taken.isEmpty ? nil : cut(taken, work: work, isSmoke: false)
    }

    /// A second batch carrying exactly the units of in-flight batch `batchID`, under a new id and in flight too
    /// (a straggler's speculative copy); nil when `batchID` is not in flight. Completing either returns the
    /// units; the caller settles them once.
    public mutating func copy(of batchID: Int) -> Batch? {
        guard let original = inFlight[batchID], let units = inFlightUnits[batchID] else { return nil }
        var copy = original
        copy.id = nextBatchID
        nextBatchID += 1
        inFlight[copy.id] = copy
        inFlightUnits[copy.id] = units
        return copy
    }

    /// The units in-flight batch `batchID` carries.
    public func units(of batchID: Int) -> [WeightedScope]? { inFlightUnits[batchID] }

    /// Makes the batch of `taken` and marks it in flight.
    private mutating func cut(_ taken: [WeightedScope], work: Double, isSmoke: Bool) -> Batch {
        var scopes: [String] = []
        var slices: [String: [String]] = [:]
        var deselected: [String: [String]] = [:]
        for unit in taken {
            if let tests = unit.tests { slices[unit.id] = tests }
            deselected.merge(unit.deselected) { _, new in new }
            scopes += unit.scopeIDs
        }
        let batch = Batch(
            id: nextBatchID, scopes: scopes, slices: slices, deselected: deselected, isSmoke: isSmoke,
            expectedSeconds: work)
        nextBatchID += 1
        inFlight[batch.id] = batch
        inFlightUnits[batch.id] = taken
        return batch
    }

    /// Marks a batch finished and returns the units it carried; nil for a batch that is not in flight
    /// (already completed or requeued), so a late or duplicate message changes nothing.
    @discardableResult
    public mutating func complete(batchID: Int) -> [WeightedScope]? {
        guard inFlight.removeValue(forKey: batchID) != nil else { return nil }
        return inFlightUnits.removeValue(forKey: batchID) ?? []
    }

    /// Puts the units of a batch that `keep` accepts back at the front of the queue, longest first.
    /// Returns false for a batch that is not in flight.
    @discardableResult
    public mutating func requeue(batchID: Int, keep: (WeightedScope) -> Bool = { _ in true }) -> Bool {
        guard inFlight.removeValue(forKey: batchID) != nil else { return false }
        putBack((inFlightUnits.removeValue(forKey: batchID) ?? []).filter(keep))
        return true
    }

    /// Puts units back at the front of the queue, longest first (the unreported rest of a crashed batch).
    public mutating func putBack(_ units: [WeightedScope]) {
        waiting.append(contentsOf: units.sorted { $0.expectedSeconds > $1.expectedSeconds }.reversed())
        remainingSeconds += units.reduce(0) { $0 + $1.expectedSeconds }
    }

    /// Adds units behind those already waiting, longest first among themselves (an isolated scope's slices,
    /// queued when its turn comes).
    public mutating func enqueue(_ units: [WeightedScope]) {
        waiting.insert(contentsOf: units.sorted { $0.expectedSeconds > $1.expectedSeconds }.reversed(), at: 0)
        remainingSeconds += units.reduce(0) { $0 + $1.expectedSeconds }
    }

    /// Drops everything not yet handed out (on interrupt or `--maxfail`) and returns the dropped scope ids.
    public mutating func drainPending() -> [String] {
        defer {
            waiting.removeAll()
            remainingSeconds = 0
            firstBatch.removeAll()
        }
        return (firstBatch + pending).flatMap(\.scopeIDs)
    }
}

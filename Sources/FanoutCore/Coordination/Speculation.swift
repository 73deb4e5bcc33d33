/// Speculative copies of stragglers (`speculate`): when a slot would go idle at the end of a run while another
/// slot's batch runs far past its expected time, the same work starts on the idle slot too, and the first copy
/// to end cleanly counts; each test's first reported result counts, from whichever copy. A sub-machine of
/// `RunCoordinator`; it decides nothing about the queue, only which batch straggles and which report is new.
struct Speculation: Sendable {
    /// A batch straggles once it ran this many times its expected time (per-batch overhead included)...
    static let overdueFactor = 2.0
    /// ...and at least this many seconds past it, so a batch of a few milliseconds is never copied for noise.
    static let minimumOverdueSeconds = 2.0

    let enabled: Bool
    /// When each batch that may run twice was handed out, and what it was expected to take then.
    private var watched: [Int: (handedOut: Double, expected: Double, worker: WorkerID)] = [:]
    /// The other batch of each pair whose two copies both run, in both directions.
    private var partners: [Int: Int] = [:]
    /// Every batch that ever had a copy, to the pair's first batch: reports keep arriving after a pair ends.
    private var pairOf: [Int: Int] = [:]
    /// Test ids reported by either batch of a pair, by the pair's first batch.
    private var reported: [Int: Set<String>] = [:]
    /// When each copy was handed out.
    private var copiesHandedOut: [Int: Double] = [:]

    init(enabled: Bool) {
        self.enabled = enabled
    }

    /// A batch of units that may all run twice was handed out to `worker`.
    mutating func handedOut(_ batch: Batch, units: [WeightedScope], to worker: WorkerID, expected: Double, now: Double)
    {
        guard enabled, !batch.isSmoke, !units.isEmpty, units.allSatisfy({ $0.mayRunTwice && $0.isKnown }) else {
            return
        }
        watched[batch.id] = (now, expected, worker)
    }

    /// The batch (not `worker`'s own) that runs furthest past its expected time and has no copy yet, if any
    /// straggles by the rules above.
    func straggler(for worker: WorkerID, now: Double) -> Int? {
        var worst: (id: Int, overdue: Double)?
        for (id, batch) in watched where batch.worker != worker && partners[id] == nil && pairOf[id] == nil {
            let elapsed = now - batch.handedOut
            let overdue = elapsed - batch.expected
            guard elapsed > Self.overdueFactor * batch.expected, overdue >= Self.minimumOverdueSeconds else {
                continue
            }
            if overdue > worst?.overdue ?? 0 { worst = (id, overdue) }
        }
        return worst?.id
    }

    /// `copy`, handed out at `now`, runs the work of `original` too.
    mutating func copied(_ original: Int, as copy: Int, now: Double) {
        copiesHandedOut[copy] = now
        partners[original] = copy
        partners[copy] = original
        pairOf[original] = original
        pairOf[copy] = original
    }

    /// The other batch of `batchID`'s pair while both run, nil otherwise.
    func partner(of batchID: Int) -> Int? { partners[batchID] }

    /// For a copy, the batch whose work it runs again.
    func original(of batchID: Int) -> Int? {
        guard let first = pairOf[batchID], first != batchID else { return nil }
        return first
    }

    /// Whether batch `batchID` ever ran as one of a pair.
    func isPaired(_ batchID: Int) -> Bool { pairOf[batchID] != nil }

    /// Whether `testID`'s report from `batchID` is the first of its pair (always true for a batch without a
    /// copy); a later one, from the other copy, does not count.
    mutating func isFirstReport(of testID: String, from batchID: Int) -> Bool {
        guard let pair = pairOf[batchID] else { return true }
        return reported[pair, default: []].insert(testID).inserted
    }

    /// When `batchID` was handed out (for the record of a copy that was stopped).
    func handOutTime(of batchID: Int) -> Double? { watched[batchID]?.handedOut ?? copiesHandedOut[batchID] }

    /// Batch `batchID` left the run (it ended, was stopped or went back to the queue): its pair, if any, is
    /// down to the other batch, which runs on as an ordinary one.
    mutating func ended(_ batchID: Int) {
        watched[batchID] = nil
        copiesHandedOut[batchID] = nil
        if let partner = partners.removeValue(forKey: batchID) { partners[partner] = nil }
    }
}

/// Decides how much work one batch carries.
///
/// Guided self-scheduling: a batch takes about `remaining / (drainFactor * slots)` seconds of work, so batches
/// are large while the queue is full and shrink as it drains, leaving a fine-grained tail. A batch never
/// carries less than `overheadMultiple` times the per-batch overhead (when there is work left to take),
/// so a framework that costs a second to start is not started for every 10 ms file, nor less than
/// `sqrt(2 * totalSeconds * overhead / slots)`: with batches of size f a run pays about
/// `totalSeconds / f * overhead / slots` in overhead per slot and loses about `f / 2` to the uneven tail, and
/// that sum is smallest at this f. Costly batches get fewer, larger batches; cheap ones a fine tail. When the
/// durations are guesses (no history), `W` is fiction, so the floor is instead a quarter of a slot's share:
/// at most about four batches per slot.
public struct BatchPolicy: Sendable, Equatable {
    public var slotCount: Int
    /// Expected fixed cost of one batch in seconds.
    public var perBatchOverhead: Double
    public var drainFactor: Double
    public var overheadMultiple: Double
    /// Upper bound on scopes per batch, so one failure report never covers an unbounded list.
    public var maxScopesPerBatch: Int
    /// Files per batch unless the run caps them lower (`--max-batch-files`).
    public static let defaultMaxScopesPerBatch = 200
    /// Expected work of the whole run in seconds (0 when unknown).
    public var totalSeconds: Double
    /// Whether the expected durations come from history (false: every file was guessed).
    public var durationsKnown: Bool
    /// Per-batch overhead of the hosts whose history knows theirs, by host; others cost `perBatchOverhead`.
    public var hostOverheads: [String: Double] = [:]

    public init(
        slotCount: Int, perBatchOverhead: Double, drainFactor: Double = 3, overheadMultiple: Double = 2,
        maxScopesPerBatch: Int = defaultMaxScopesPerBatch, totalSeconds: Double = 0, durationsKnown: Bool = true
    ) {
        self.durationsKnown = durationsKnown
        self.slotCount = max(1, slotCount)
        self.perBatchOverhead = max(0, perBatchOverhead)
        self.drainFactor = max(1, drainFactor)
        self.overheadMultiple = max(0, overheadMultiple)
        self.maxScopesPerBatch = max(1, maxScopesPerBatch)
        self.totalSeconds = max(0, totalSeconds)
    }

    /// The fixed cost of one batch on `host` (nil: any host).
    public func overhead(on host: String?) -> Double {
        host.flatMap { hostOverheads[$0] } ?? perBatchOverhead
    }

    /// The smallest batch worth starting, in seconds of work.
    public var minimumSeconds: Double { minimumSeconds(overhead: perBatchOverhead) }

    private func minimumSeconds(overhead: Double) -> Double {
        let balance =
            durationsKnown
            ? (2 * totalSeconds * overhead / Double(slotCount)).squareRoot()
            : totalSeconds / (4 * Double(slotCount))
        return max(overheadMultiple * overhead, balance)
    }

    /// Seconds of work the next batch should carry when `remaining` seconds of work are queued.
    ///
    /// `fairShare` is the requesting slot's share of all work left (queued and in flight) if every slot were
    /// to finish at the same moment. Near the end it caps the overhead floor, so the last round of batches
    /// is spread over all slots instead of going, floor-sized, to the first few that ask; but a batch never
    /// carries less than its own start-up cost twice over.
    /// A batch for `host` weighs that host's own overhead.
    public func targetSeconds(remaining: Double, fairShare: Double? = nil, host: String? = nil) -> Double {
        let guided = remaining / (drainFactor * Double(slotCount))
        let overhead = overhead(on: host)
        let minimum = minimumSeconds(overhead: overhead)
        // A fair share computed from guessed durations is as fictional as they are: no cap then.
        let share = durationsKnown ? fairShare : nil
        let floor =
            share.map { min(minimum, max(max(0, $0) / 2, overheadMultiple * overhead)) }
            ?? minimum
        return max(guided, floor)
    }
}

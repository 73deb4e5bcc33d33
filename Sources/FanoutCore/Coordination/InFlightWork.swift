/// The work the batches in flight still expect to take, as a running sum: each batch is expected to end at its
/// hand-out time plus the per-batch overhead plus its expected work, and one past that end counts for nothing.
/// Asking costs O(log n) instead of a walk over every batch in flight, which at thousands of slots was the
/// controller's largest cost per batch. A sub-machine of `RunCoordinator`.
struct InFlightWork: Sendable {
    /// Expected ends of the batches not yet past them, relative to `origin` (so the sum keeps its precision).
    private var ends: [Int: Double] = [:]
    private var sumOfEnds = 0.0
    /// Every end handed out, soonest first; entries of batches that ended are skipped when they come up.
    private var soonest = DeadlineHeap<Int>()
    private let origin: Double

    init(origin: Double) {
        self.origin = origin
    }

    /// Batch `id` was handed out and is expected to end at `end`.
    mutating func started(_ id: Int, end: Double) {
        let relative = end - origin
        ends[id] = relative
        sumOfEnds += relative
        soonest.push(id, at: relative)
    }

    /// Batch `id` ended (or went back to the queue).
    mutating func ended(_ id: Int) {
        if let relative = ends.removeValue(forKey: id) { sumOfEnds -= relative }
        if ends.isEmpty { sumOfEnds = 0 }
    }

    /// Seconds of work the batches in flight still expect to take after `now`.
    mutating func remaining(now: Double) -> Double {
        let relativeNow = now - origin
        while let (end, id) = soonest.first, end <= relativeNow {
            soonest.removeFirst()
            if ends[id] == end { ended(id) }
        }
        return max(0, sumOfEnds - relativeNow * Double(ends.count))
    }
}

import FanoutCore
import Testing

@Suite struct WorkQueueTests {
    func scopes(_ seconds: [Double]) -> [WeightedScope] {
        seconds.enumerated().map { WeightedScope(id: "s\($0.offset).py", expectedSeconds: $0.element, isKnown: true) }
            .sorted { $0.expectedSeconds > $1.expectedSeconds }
    }

    @Test func batchesShrinkAsTheQueueDrains() {
        var queue = WorkQueue(
            scopes: scopes(Array(repeating: 1, count: 60)), policy: BatchPolicy(slotCount: 2, perBatchOverhead: 0))
        var sizes: [Int] = []
        while let batch = queue.nextBatch() { sizes.append(batch.scopes.count) }
        #expect(sizes.first == 10)
        #expect(sizes.last == 1)
        #expect(sizes == sizes.sorted(by: >))
        #expect(sizes.reduce(0, +) == 60)
    }

    @Test func everyScopeIsHandedOutExactlyOnceAndNoBatchIsEmpty() {
        var queue = WorkQueue(
            scopes: scopes([5, 0.1, 3, 0.2, 9, 0.05, 1, 1, 2]), policy: BatchPolicy(slotCount: 3, perBatchOverhead: 0.3)
        )
        var seen: [String] = []
        while let batch = queue.nextBatch() {
            #expect(!batch.scopes.isEmpty)
            seen += batch.scopes
            queue.complete(batchID: batch.id)
        }
        #expect(seen.count == 9)
        #expect(Set(seen).count == 9)
        #expect(queue.isDrained)
    }

    @Test func longestScopeGoesFirstAndAloneWhenItExceedsTheTarget() {
        var queue = WorkQueue(scopes: scopes([30, 1, 1, 1]), policy: BatchPolicy(slotCount: 2, perBatchOverhead: 0))
        #expect(queue.nextBatch()?.scopes == ["s0.py"])
    }

    @Test func overheadSetsAMinimumBatchSize() {
        var queue = WorkQueue(
            scopes: scopes(Array(repeating: 0.1, count: 40)), policy: BatchPolicy(slotCount: 2, perBatchOverhead: 1))
        // At least 2 s of work per batch: 20 scopes of 0.1 s.
        #expect(queue.nextBatch()?.scopes.count == 20)
    }

    @Test func guessedDurationsPlanAboutFourBatchesPerSlot() {
        let policy = BatchPolicy(slotCount: 2, perBatchOverhead: 0.5, totalSeconds: 120, durationsKnown: false)
        #expect(policy.minimumSeconds == 15)
        // No fair-share cap either: it would be computed from the same guesses.
        #expect(policy.targetSeconds(remaining: 4, fairShare: 2) == 15)
    }

    @Test func costlyBatchesAreFewerAndLarger() {
        // 120 s of work on 2 slots at 0.5 s per batch: the floor is sqrt(2 * 120 * 0.5 / 2) = 7.75 s.
        let policy = BatchPolicy(slotCount: 2, perBatchOverhead: 0.5, totalSeconds: 120)
        #expect(abs(policy.minimumSeconds - 60.0.squareRoot()) < 1e-9)
        var queue = WorkQueue(scopes: scopes(Array(repeating: 1.0, count: 120)), policy: policy)
        var count = 0
        while let batch = queue.nextBatch() {
            #expect(batch.expectedSeconds >= 7.75 || queue.pending.isEmpty)
            count += 1
        }
        #expect(count <= 16)
        // Free batches keep the fine tail.
        #expect(BatchPolicy(slotCount: 2, perBatchOverhead: 0, totalSeconds: 120).minimumSeconds == 0)
    }

    @Test func theFairShareCapsTheFloorAtTheEndOfARun() {
        let policy = BatchPolicy(slotCount: 12, perBatchOverhead: 1, totalSeconds: 240)
        // Floor sqrt(2 * 240 * 1 / 12) = 6.3 s; with 3 s left per slot the last round would carry half of that,
        // 1.5 s, but never less than twice the 1 s start-up cost.
        #expect(policy.targetSeconds(remaining: 10, fairShare: 3) == 2)
        let cheap = BatchPolicy(slotCount: 12, perBatchOverhead: 0.1, totalSeconds: 240)
        #expect(cheap.targetSeconds(remaining: 10, fairShare: 3) == 1.5)
        #expect(abs(policy.targetSeconds(remaining: 10, fairShare: 100) - 40.0.squareRoot()) < 1e-9)
        #expect(policy.targetSeconds(remaining: 360, fairShare: 3) == 10)
        #expect(abs(policy.targetSeconds(remaining: 10) - 40.0.squareRoot()) < 1e-9)
    }

    @Test func aBatchNeverCarriesTwoSlicesOfOneScope() {
        var queue = WorkQueue(
            scopes: [
                WeightedScope(id: "big.py", expectedSeconds: 1, isKnown: true, tests: ["big.py::a"]),
                WeightedScope(id: "big.py", expectedSeconds: 1, isKnown: true, tests: ["big.py::b"]),
                WeightedScope(id: "x.py", expectedSeconds: 1, isKnown: true),
            ], policy: BatchPolicy(slotCount: 1, perBatchOverhead: 0, drainFactor: 1))
        let first = queue.nextBatch()
        #expect(first?.scopes == ["big.py"])
        #expect(first?.slices == ["big.py": ["big.py::a"]])
        let second = queue.nextBatch()
        #expect(second?.scopes == ["big.py", "x.py"])
        #expect(second?.slices == ["big.py": ["big.py::b"]])
    }

    @Test func requeuedScopesComeBackFirstAndLateCompletionsAreIgnored() {
        var queue = WorkQueue(scopes: scopes([4, 3, 2, 1]), policy: BatchPolicy(slotCount: 4, perBatchOverhead: 0))
        let first = queue.nextBatch()!
        let requeued = queue.requeue(batchID: first.id)
        let lateCompletion = queue.complete(batchID: first.id)
        #expect(requeued)
        #expect(lateCompletion == nil)
        #expect(queue.nextBatch()?.scopes == first.scopes)
    }

    @Test func drainingPendingReturnsWhatWasNotHandedOut() {
        var queue = WorkQueue(scopes: scopes([1, 1, 1]), policy: BatchPolicy(slotCount: 3, perBatchOverhead: 0))
        let batch = queue.nextBatch()!
        #expect(queue.drainPending().count == 3 - batch.scopes.count)
        #expect(queue.nextBatch() == nil)
        #expect(!queue.isDrained)
        queue.complete(batchID: batch.id)
        #expect(queue.isDrained)
    }
}

@Suite struct ZeroWorkQueueTests {
    @Test func unitsEstimatedAtZeroSecondsStillGoOutOneBatchAtATime() {
        var queue = WorkQueue(
            scopes: [
                WeightedScope(id: "a.py", expectedSeconds: 0, isKnown: true),
                WeightedScope(id: "b.py", expectedSeconds: 0, isKnown: true),
            ],
            policy: BatchPolicy(slotCount: 2, perBatchOverhead: 0, drainFactor: 100))
        var seen: [String] = []
        while let batch = queue.nextBatch() {
            #expect(!batch.scopes.isEmpty, "never an empty batch")
            seen += batch.scopes
            if seen.count > 2 { break }
        }
        #expect(seen.sorted() == ["a.py", "b.py"])
    }
}

/// Units marked to run alone or to avoid a slot.
@Suite struct WorkQueueSteeringTests {
    let slot1 = WorkerID(host: "h1", slot: 1)
    let slot2 = WorkerID(host: "h1", slot: 2)

    @Test func aUnitThatRunsAloneGetsABatchOfItsOwnWhereverItStands() {
        var queue = WorkQueue(
            scopes: [
                WeightedScope(id: "a.py", expectedSeconds: 1, isKnown: true),
                WeightedScope(id: "b.py", expectedSeconds: 1, isKnown: true, runsAlone: true),
                WeightedScope(id: "c.py", expectedSeconds: 1, isKnown: true),
            ], policy: BatchPolicy(slotCount: 1, perBatchOverhead: 0, drainFactor: 100))
        var cut: [[String]] = []
        while let batch = queue.nextBatch() { cut.append(batch.scopes) }
        #expect(cut == [["a.py"], ["b.py"], ["c.py"]])
    }

    @Test func aUnitAvoidingASlotIsPassedOverOnlyWhileThereIsOtherWork() {
        var queue = WorkQueue(
            scopes: [
                WeightedScope(id: "retry.py", expectedSeconds: 5, isKnown: true, avoid: slot1),
                WeightedScope(id: "other.py", expectedSeconds: 1, isKnown: true),
            ], policy: BatchPolicy(slotCount: 1, perBatchOverhead: 0, drainFactor: 100, maxScopesPerBatch: 1))
        #expect(queue.nextBatch(for: slot1)?.scopes == ["other.py"])
        #expect(queue.nextBatch(for: slot1)?.scopes == ["retry.py"], "better on the same slot than not at all")
        #expect(queue.nextBatch(for: slot2) == nil)
    }
}

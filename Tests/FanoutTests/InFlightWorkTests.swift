import Testing

@testable import FanoutCore

/// The running sum of in-flight work and the heap under it, against the plain walk they replace.
@Suite struct InFlightWorkTests {
    @Test func theRunningSumEqualsTheWalkOverEveryBatchInFlight() {
        var generator = SeededRandom(seed: 7)
        var work = InFlightWork(origin: 1_800_000_000)
        var ends: [Int: Double] = [:]
        var now = 1_800_000_000.0
        for id in 0..<5000 {
            now += Double(generator.next() % 100) / 1000
            let end = now + Double(generator.next() % 5000) / 1000
            work.started(id, end: end)
            ends[id] = end
            if generator.next() % 3 == 0, let done = ends.keys.randomElement(using: &generator) {
                work.ended(done)
                ends[done] = nil
            }
            let walked = ends.values.reduce(0.0) { $0 + max(0, $1 - now) }
            #expect(abs(work.remaining(now: now) - walked) < 1e-6, "after batch \(id)")
        }
        for id in ends.keys { work.ended(id) }
        #expect(work.remaining(now: now) == 0)
    }

    @Test func aHeapGivesItsItemsSoonestFirst() {
        var generator = SeededRandom(seed: 3)
        var heap = DeadlineHeap<Int>()
        let deadlines = (0..<1000).map { _ in Double(generator.next() % 10_000) }
        for (index, deadline) in deadlines.enumerated() { heap.push(index, at: deadline) }
        #expect(heap.count == 1000)
        var taken: [Double] = []
        while let (deadline, item) = heap.removeFirst() {
            #expect(deadlines[item] == deadline)
            taken.append(deadline)
        }
        #expect(taken == deadlines.sorted())
        #expect(heap.isEmpty && heap.first == nil)
    }

    @Test func theQueuesRemainingWorkFollowsEveryChange() {
        var queue = WorkQueue(
            scopes: (1...50).map { WeightedScope(id: "s\($0).py", expectedSeconds: Double($0) / 10, isKnown: true) }
                .reversed(),
            policy: BatchPolicy(slotCount: 4, perBatchOverhead: 0.1))
        func check() {
            #expect(abs(queue.remainingSeconds - queue.pending.reduce(0) { $0 + $1.expectedSeconds }) < 1e-9)
        }
        check()
        let first = queue.nextBatch()!
        check()
        #expect(first.scopes.first == "s50.py", "longest first")
        queue.requeue(batchID: first.id)
        check()
        #expect(queue.pending.first?.id == "s50.py", "a requeued batch goes back to the front")
        queue.enqueue([WeightedScope(id: "late.py", expectedSeconds: 9, isKnown: true)])
        check()
        #expect(queue.pending.last?.id == "late.py", "an enqueued unit waits behind the others")
        while queue.nextBatch() != nil { check() }
        #expect(queue.remainingSeconds == 0)
    }
}

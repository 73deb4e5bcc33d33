import Testing

@testable import FanoutCore

/// The coordinator's view of the slots that can take work.
@Suite struct SlotPoolTests {
    @Test func joiningHostsAddSlotsAndBatchesAreCutForTheHostsStillExpected() {
        var pool = SlotPool(expectedHosts: 3)
        #expect(pool.plannedSlots == nil)
        let joined = pool.join(host: "h1", slots: 4)
        #expect(joined == (1...4).map { WorkerID(host: "h1", slot: $0) })
        #expect(pool.plannedSlots == 12)
        pool.neverJoined()
        #expect(pool.plannedSlots == 8)
        _ = pool.join(host: "h2", slots: 0)
        #expect(pool.liveSlots == 5)
        #expect(pool.plannedSlots == 5)
        #expect(!pool.isExhausted)
    }

    @Test func idleSlotsWaitOnceAndALostHostTakesItsOwnAlong() {
        var pool = SlotPool(expectedHosts: 2)
        _ = pool.join(host: "h1", slots: 2)
        _ = pool.join(host: "h2", slots: 1)
        let (a, b, c) = (WorkerID(host: "h1", slot: 1), WorkerID(host: "h1", slot: 2), WorkerID(host: "h2", slot: 1))
        for worker in [a, c, a, b] { pool.park(worker) }
        #expect(pool.idle == [a, c, b])
        let lostOnce = pool.lose(host: "h1")
        #expect(lostOnce)
        let lostTwice = pool.lose(host: "h1")
        #expect(!lostTwice)
        #expect(pool.idle == [c])
        pool.park(a)  // a slot of a lost host never waits for work
        let waiting = pool.takeIdle()
        #expect(waiting == [c])
        #expect(pool.idle.isEmpty)
        #expect(pool.everJoined == [a, b, c])
        let lostLast = pool.lose(host: "h2")
        #expect(lostLast)
        #expect(pool.isExhausted)
    }
}

import FanoutCore
import Testing

@Suite struct BatchTimeoutWatchTests {
    @Test func aSlowTestGetsAStackDumpThenTermThenKill() {
        var watch = BatchTimeoutWatch(testLimit: 2, batchLimit: nil, batchStart: 0, canDumpStacks: true)
        let running = (testID: "t.py::slow", startedAt: 1.0)
        #expect(watch.check(now: 2.9, running: running) == .none)
        #expect(watch.check(now: 3.1, running: running) == .dumpStacks)
        #expect(watch.expiry == .init(testID: "t.py::slow", limit: 2, option: "--timeout"))
        #expect(watch.check(now: 3.3, running: running) == .none)
        #expect(watch.check(now: 3.6, running: running) == .terminate)
        #expect(watch.check(now: 5.0, running: running) == .none)
        #expect(watch.check(now: 5.7, running: running) == .kill)
        #expect(watch.check(now: 9, running: running) == .none)
    }

    @Test func theBatchLimitCountsFromTheBatchStartAndNeedsNoRunningTest() {
        var watch = BatchTimeoutWatch(testLimit: 100, batchLimit: 10, batchStart: 5, canDumpStacks: false)
        #expect(watch.check(now: 14, running: nil) == .none)
        #expect(watch.check(now: 15.5, running: nil) == .terminate, "no stack dump where the framework has none")
        #expect(watch.expiry == .init(testID: nil, limit: 10, option: "--batch-timeout"))
    }

    @Test func noLimitsNeverFire() {
        var watch = BatchTimeoutWatch(testLimit: nil, batchLimit: nil, batchStart: 0, canDumpStacks: true)
        #expect(watch.check(now: 1e9, running: ("x", 0)) == .none)
    }
}

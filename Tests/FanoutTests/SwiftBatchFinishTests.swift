import FanoutAdapters
import FanoutCore
import Testing

/// What the swift adapter makes of how a batch's test binary runs ended.
@Suite struct SwiftBatchFinishTests {
    let batch = Batch(id: 7, scopes: ["M.Cases", "M.Suite", "M.free()"], expectedSeconds: 1)

    func outcome(
        exit: Int32?, signal: Int32? = nil, results: [TestResult] = [], unfinished: [(String, String)] = []
    ) -> BatchProcessOutcome {
        var tail = OutputTail()
        tail.append(Array("error: Process 'M.xctest' exited with unexpected signal code 4\n".utf8))
        return BatchProcessOutcome(
            batch: batch, worker: WorkerID(host: "local", slot: 1), exitCode: exit, signal: signal, results: results,
            unfinished: unfinished.map { (testID: $0.0, scope: $0.1, startedAt: 5) }, outputTail: tail,
            cancelled: false)
    }

    @Test(arguments: [Int32(0), 1])
    func testsThatFailOrPassAddNothing(code: Int32) {
        #expect(SwiftBatchRunner().finish(outcome(exit: code)) == BatchFinish())
    }

    /// Exit 1 with a test that never ended is a crash, not failed tests.
    @Test func aCrashPinsTheRunningTestAndSendsTheRestBackToTheQueue() throws {
        let done = TestResult(id: "M.Cases/testA", scope: "M.Cases", outcome: .passed)
        let finish = SwiftBatchRunner().finish(
            outcome(exit: 1, results: [done], unfinished: [("M.Suite/b()", "M.Suite")]))
        #expect(finish.incomplete == ["M.Cases", "M.Suite", "M.free()"])
        let crashed = try #require(finish.extraResults.first)
        #expect(finish.extraResults.count == 1)
        #expect(crashed.id == "M.Suite/b()" && crashed.outcome == .error)
        #expect(crashed.message == "the test process exited with 1 while this test was running")
        #expect(crashed.details?.contains("unexpected signal code 4") == true)
    }

    /// A test binary that could not run at all: each unreported scope says so, with the output.
    @Test func anAbnormalEndBeforeAnyTestStartedIsAnErrorPerUnreportedScope() {
        let done = TestResult(id: "M.Cases/testA", scope: "M.Cases", outcome: .passed)
        let finish = SwiftBatchRunner().finish(outcome(exit: nil, signal: 9, results: [done]))
        #expect(finish.incomplete.isEmpty)
        #expect(finish.extraResults.map(\.id) == ["M.Suite", "M.free()"])
        #expect(finish.extraResults.allSatisfy { $0.outcome == .error })
        #expect(
            finish.extraResults.first?.message
                == "the test binary was killed by signal 9 before reporting any test of this scope")
    }

    /// A scope this host's build does not have (renamed since the controller listed it) is an error of its own,
    /// and is not sent back to the queue after a crash.
    @Test func aScopeNoBinaryHoldsIsAnErrorAndIsNotRequeued() throws {
        let products = SwiftTestProducts(binaries: [
            .init(
                path: "/b/M.xctest", xctestIDs: ["M.Cases/testA"], swiftTestingIDs: ["M.Suite/b()"], size: 1,
                modified: 2)
        ])
        let runner = SwiftBatchRunner(products: products)
        let clean = runner.finish(outcome(exit: 0))
        #expect(clean.extraResults.map(\.id) == ["M.free()"])
        #expect(
            clean.extraResults.first?.message
                == "no test binary built on this host holds M.free() (was it renamed or removed?)")
        #expect(clean.extraResults.first?.details == "test binaries: /b/M.xctest")
        let crashed = runner.finish(outcome(exit: nil, signal: 4, unfinished: [("M.Suite/b()", "M.Suite")]))
        #expect(crashed.extraResults.map(\.id) == ["M.free()", "M.Suite/b()"])
        #expect(crashed.incomplete == ["M.Cases", "M.Suite"])
    }
}

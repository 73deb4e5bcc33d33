import FanoutCore
import Testing

/// Isolated scopes: alone across all slots, setup exactly once before, teardown exactly once after.
@Suite struct IsolatedScopeTests {
    @Test func isolatedScopeRunsAloneBetweenItsSetupAndTeardown() throws {
        var world = IsolationWorld(
            regular: ["a.py", "b.py", "c.py"], isolated: [IsolationWorld.isolated("iso.py", tests: 4)])
        #expect(!world.log.contains("setup iso.py"), "regular work goes first")
        world.drainBatches()
        #expect(world.log.last == "setup iso.py")
        #expect(world.running.isEmpty, "no test starts during the setup")
        world.finishCommand("setup", "iso.py")
        #expect(Set(world.running.map(\.worker)).count == 2, "the isolated slices spread over both slots")
        world.drainBatches()
        #expect(world.log.last == "teardown iso.py")
        #expect(world.report == nil, "the run waits for the teardown")
        world.finishCommand("teardown", "iso.py")
        let report = try #require(world.report)
        #expect(report.exitCode == .allPassed)
        #expect(report.tests.count == 7)
        #expect(Set(report.tests.map(\.id)).count == 7)

        let setup = world.index(of: "setup iso.py")
        let teardown = world.index(of: "teardown iso.py")
        for (index, entry) in world.log.enumerated() where entry.contains("iso.py::") {
            #expect(index > setup && index < teardown, "\(entry) outside setup..teardown")
        }
        for (index, entry) in world.log.enumerated() where entry.hasPrefix("end ") && !entry.contains("iso.py") {
            #expect(index < setup, "regular test \(entry) ended after the isolated setup began")
        }
        #expect(world.log.filter { $0.hasPrefix("setup") || $0.hasPrefix("teardown") }.count == 2)
    }

    @Test func everyTestRunsOnceUnderSplittingPinningAndIsolationTogether() throws {
        let slices = (0..<3).map {
            WeightedScope(
                id: "big.py", expectedSeconds: 3, isKnown: true, tests: ["big.py::t\($0)a", "big.py::t\($0)b"])
        }
        let pinned = PinGroups([["a.py", "b.py"]]).apply(
            ["a.py", "b.py", "c.py"].map { WeightedScope(id: $0, expectedSeconds: 1, isKnown: true) })
        var world = IsolationWorld(
            units: slices + pinned, isolated: [IsolationWorld.isolated("iso.py", tests: 5)], hosts: ["h1": 2, "h2": 1])
        world.drainBatches()
        world.finishCommand("setup", "iso.py")
        world.drainBatches()
        world.finishCommand("teardown", "iso.py")
        let report = try #require(world.report)
        let expected =
            (0..<3).flatMap { ["big.py::t\($0)a", "big.py::t\($0)b"] } + ["a.py::t", "b.py::t", "c.py::t"]
            + (1...5).map { "iso.py::t\($0)" }
        #expect(report.tests.map(\.id).sorted() == expected.sorted())
        #expect(report.scopes.map(\.id).sorted() == ["a.py", "b.py", "big.py", "c.py", "iso.py"])
        #expect(report.scopes.first { $0.id == "big.py" }?.counts[.passed] == 6)
        #expect(report.batches.contains { $0.scopes == ["a.py", "b.py"] }, "the pin group ran as one batch")
    }

    @Test func twoIsolatedScopesRunOneAfterTheOther() throws {
        var world = IsolationWorld(
            regular: ["a.py"],
            isolated: [IsolationWorld.isolated("x.py", tests: 3), IsolationWorld.isolated("y.py", tests: 3)])
        world.drainBatches()
        world.finishCommand("setup", "x.py")
        world.drainBatches()
        #expect(world.log.last == "teardown x.py")
        world.finishCommand("teardown", "x.py")
        #expect(world.log.last == "setup y.py", "the next setup begins after the previous teardown")
        world.finishCommand("setup", "y.py")
        world.drainBatches()
        world.finishCommand("teardown", "y.py")
        let report = try #require(world.report)
        #expect(report.tests.count == 7)
        let commands = world.log.filter { $0.hasPrefix("setup") || $0.hasPrefix("teardown") }
        #expect(commands == ["setup x.py", "teardown x.py", "setup y.py", "teardown y.py"])
    }

    @Test func scopeWithoutCommandsStillRunsAlone() throws {
        var world = IsolationWorld(
            regular: ["a.py", "b.py"],
            isolated: [IsolationWorld.isolated("iso.py", tests: 2, setup: false, teardown: false)])
        world.completeNext()
        #expect(!world.log.contains { $0.contains("iso.py") }, "not while b.py still runs")
        world.drainBatches()
        let report = try #require(world.report)
        #expect(report.tests.count == 4)
        #expect(report.exitCode == .allPassed)
    }

    @Test func failedSetupErrorsEveryTestSkipsTeardownAndFailsTheRun() throws {
        var world = IsolationWorld(
            regular: ["a.py"],
            isolated: [IsolationWorld.isolated("x.py", tests: 3), IsolationWorld.isolated("y.py", tests: 2)])
        world.drainBatches()
        world.finishCommand("setup", "x.py", succeeded: false)
        #expect(!world.log.contains("teardown x.py"))
        #expect(world.log.last == "setup y.py", "the next isolated scope still runs")
        world.finishCommand("setup", "y.py")
        world.drainBatches()
        world.finishCommand("teardown", "y.py")
        let report = try #require(world.report)
        #expect(report.exitCode == .testsFailed)
        let xResults = report.tests.filter { $0.scope == "x.py" }
        #expect(xResults.map(\.id).sorted() == ["x.py::t1", "x.py::t2", "x.py::t3"])
        #expect(xResults.allSatisfy { $0.outcome == .error && $0.message?.contains("setup command") == true })
        #expect(report.problems.contains { $0.contains("setup command of isolated x.py failed") })
    }

    @Test func failedTeardownFailsAnOtherwiseGreenRun() throws {
        var world = IsolationWorld(regular: [], isolated: [IsolationWorld.isolated("x.py", tests: 2)])
        world.finishCommand("setup", "x.py")
        world.drainBatches()
        world.finishCommand("teardown", "x.py", succeeded: false)
        let report = try #require(world.report)
        #expect(report.exitCode == .testsFailed)
        #expect(report.counts.failures == 0)
        #expect(report.problems.contains { $0.contains("teardown command of isolated x.py failed") })
    }

    @Test func lostHostsSlicesRunElsewhereAndTeardownComesOnceAfterThem() throws {
        var world = IsolationWorld(
            regular: [], isolated: [IsolationWorld.isolated("iso.py", tests: 6)], hosts: ["h1": 2, "h2": 2])
        world.finishCommand("setup", "iso.py")
        #expect(world.running.count == 4)
        world.completeNext()
        world.handle(.agentLost(host: "h2", reason: "connection reset"))
        world.running.removeAll { $0.worker.host == "h2" }
        world.drainBatches()
        #expect(world.log.last == "teardown iso.py")
        world.finishCommand("teardown", "iso.py")
        let report = try #require(world.report)
        #expect(report.tests.map(\.id).sorted() == (1...6).map { "iso.py::t\($0)" })
        #expect(report.tests.allSatisfy { $0.worker?.host == "h1" })
        #expect(report.problems.contains { $0.contains("h2 lost") })
        #expect(world.log.filter { $0.hasPrefix("teardown") }.count == 1)
    }

    @Test func losingEveryHostStillRunsTheTeardown() throws {
        var world = IsolationWorld(regular: [], isolated: [IsolationWorld.isolated("iso.py", tests: 4)])
        world.finishCommand("setup", "iso.py")
        world.completeNext()
        world.handle(.agentLost(host: "h1", reason: "gone"))
        world.running.removeAll()
        #expect(world.log.last == "teardown iso.py")
        #expect(world.report == nil)
        world.finishCommand("teardown", "iso.py")
        let report = try #require(world.report)
        #expect(report.exitCode == .internalError)
        #expect(report.notRun == ["iso.py"])
        #expect(report.tests.count == 1)
    }

    @Test func interruptDuringIsolatedTestsCancelsThenTearsDown() throws {
        var world = IsolationWorld(regular: [], isolated: [IsolationWorld.isolated("iso.py", tests: 4)])
        world.finishCommand("setup", "iso.py")
        world.handle(.interrupt)
        #expect(world.log.last == "cancel")
        world.completeNext(cancelled: true)
        #expect(!world.log.contains("teardown iso.py"), "waits for the running batches")
        world.completeNext(cancelled: true)
        #expect(world.log.last == "teardown iso.py")
        world.finishCommand("teardown", "iso.py")
        let report = try #require(world.report)
        #expect(report.exitCode == .interrupted)
    }

    @Test func interruptDuringSetupWaitsForItThenTearsDown() throws {
        var world = IsolationWorld(
            regular: [],
            isolated: [IsolationWorld.isolated("x.py", tests: 2), IsolationWorld.isolated("y.py", tests: 2)])
        world.handle(.interrupt)
        #expect(world.report == nil, "the setup is still running")
        world.finishCommand("setup", "x.py")
        #expect(world.running.isEmpty, "no test starts after the interrupt")
        #expect(world.log.last == "teardown x.py")
        world.finishCommand("teardown", "x.py")
        let report = try #require(world.report)
        #expect(report.exitCode == .interrupted)
        #expect(!world.log.contains("setup y.py"))
        #expect(report.notRun == ["x.py", "y.py"])
    }

    @Test func secondInterruptStopsWaitingForBatchesButNotForTheTeardown() throws {
        var world = IsolationWorld(regular: [], isolated: [IsolationWorld.isolated("iso.py", tests: 4)])
        world.finishCommand("setup", "iso.py")
        world.handle(.interrupt)
        world.handle(.interrupt)
        #expect(world.log.last == "teardown iso.py")
        #expect(world.report == nil)
        world.finishCommand("teardown", "iso.py")
        #expect(world.report?.exitCode == .interrupted)
    }

    @Test func thirdInterruptGivesUpOnTheTeardown() throws {
        var world = IsolationWorld(regular: [], isolated: [IsolationWorld.isolated("iso.py", tests: 4)])
        world.finishCommand("setup", "iso.py")
        world.handle(.interrupt)
        world.handle(.interrupt)
        world.handle(.interrupt)
        let report = try #require(world.report)
        #expect(report.problems.contains { $0.contains("teardown of isolated iso.py may not have run") })
    }

    @Test func maxfailDuringRegularWorkSkipsIsolatedScopesWithoutCommands() throws {
        var world = IsolationWorld(regular: ["a.py", "b.py"], isolated: [IsolationWorld.isolated("iso.py", tests: 2)])
        world.handle(.abort(reason: "stop", exitCode: .usageError))
        world.drainBatches()
        let report = try #require(world.report)
        #expect(!world.log.contains { $0.hasPrefix("setup") || $0.hasPrefix("teardown") })
        #expect(report.notRun.contains("iso.py"))
    }

    @Test func lateOrDuplicateCommandReportsChangeNothing() throws {
        var world = IsolationWorld(regular: [], isolated: [IsolationWorld.isolated("iso.py", tests: 2)])
        world.finishCommand("teardown", "iso.py")
        world.finishCommand("setup", "other.py")
        #expect(world.running.isEmpty)
        world.finishCommand("setup", "iso.py")
        world.finishCommand("setup", "iso.py")
        #expect(world.running.count == 2)
    }
}

@Suite struct IsolationRuleTests {
    @Test func firstMatchingRuleWinsAndMarksCountLikePatterns() {
        let rules = [
            IsolationRule(patterns: ["tests/cluster/*.py"], setup: ["up"]),
            IsolationRule(patterns: [], marker: "db", markedScopes: ["tests/test_db.py"], teardown: ["down"]),
        ]
        #expect(rules.rule(for: "tests/cluster/test_a.py")?.setup == ["up"])
        #expect(rules.rule(for: "tests/test_db.py")?.teardown == ["down"])
        #expect(rules.rule(for: "tests/test_other.py") == nil)
        #expect(
            rules.isolatedScopes(among: ["tests/test_other.py", "tests/test_db.py", "tests/cluster/test_a.py"])
                == ["tests/cluster/test_a.py", "tests/test_db.py"])
    }

    @Test func slicesCoverEveryTestOnceOneSlicePerSlot() {
        let scope = WeightedScope(id: "iso.py", expectedSeconds: 10, isKnown: true)
        let tests = (0..<10).map { (id: "iso.py::t\($0)", seconds: Double($0 % 3 + 1)) }
        let isolated = IsolatedScope.sliced(scope, tests: tests, slots: 4, hasSetup: true, hasTeardown: false)
        #expect(isolated.units.count == 4)
        #expect(isolated.testIDs == tests.map(\.id), "contiguous, in file order, each once")
        #expect(isolated.units.allSatisfy { $0.id == "iso.py" && $0.tests?.isEmpty == false })
        let few = IsolatedScope.sliced(
            scope, tests: Array(tests.prefix(2)), slots: 8, hasSetup: false, hasTeardown: false)
        #expect(few.units.count == 2)
        let none = IsolatedScope.sliced(scope, tests: [], slots: 8, hasSetup: false, hasTeardown: false)
        #expect(none.units == [scope])
    }
}

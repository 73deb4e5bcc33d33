import FanoutCore
import Testing

@Suite struct ScopeSplitterTests {
    let giantTests = (0..<40).map { (id: "giant.py::t\($0)", seconds: 1.0) }

    func scopes() -> [WeightedScope] {
        [WeightedScope(id: "giant.py", expectedSeconds: 40, isKnown: true)]
            + (0..<10).map { WeightedScope(id: "small\($0).py", expectedSeconds: 2, isKnown: true) }
    }

    @Test func autoSplitsOnlyScopesOverASlotsShareIntoContiguousSlices() throws {
        let splitter = ScopeSplitter(mode: .auto, slotCount: 4, minimumSliceSeconds: 0)
        // 60 s of work on 4 slots: the share is 15 s; only giant.py (40 s) exceeds it.
        #expect(splitter.scopesToCollect(scopes()) == ["giant.py"])
        let units = splitter.split(
            scopes(), tests: ["giant.py": giantTests, "small0.py": [("small0.py::a", 1), ("small0.py::b", 1)]])
        let slices = units.filter { $0.tests != nil }
        #expect(slices.allSatisfy { $0.id == "giant.py" })
        // Slices of about half a share (7.5 s): 6 slices of 40 tests.
        #expect(slices.count == 6)
        let ids = slices.flatMap { $0.tests! }
        #expect(ids.count == 40)
        #expect(Set(ids) == Set(giantTests.map(\.id)))
        for slice in slices {
            let numbers = slice.tests!.map { Int($0.split(separator: "t").last!)! }
            #expect(numbers == Array(numbers.first!...numbers.last!), "slices keep file order")
        }
        #expect(units.filter { $0.tests == nil }.count == 10)
        #expect(units.map(\.expectedSeconds) == units.map(\.expectedSeconds).sorted(by: >))
    }

    @Test func patternsSplitMatchingScopesWhateverTheirSize() {
        let splitter = ScopeSplitter(
            mode: .patterns([GlobPattern("small[0-1].py")]), slotCount: 4, minimumSliceSeconds: 0)
        #expect(splitter.scopesToCollect(scopes()) == ["small0.py", "small1.py"])
        let units = splitter.split(
            scopes(), tests: ["small0.py": [("small0.py::a", 1), ("small0.py::b", 1)], "giant.py": giantTests])
        #expect(units.filter { $0.id == "small0.py" }.map(\.tests) == [["small0.py::a"], ["small0.py::b"]])
        #expect(units.filter { $0.id == "giant.py" }.count == 1)
    }

    @Test func offAndSingleTestScopesStayWhole() {
        #expect(
            ScopeSplitter(mode: .off, slotCount: 4, minimumSliceSeconds: 0).split(
                scopes(), tests: ["giant.py": giantTests]
            ).count == 11)
        let one = [WeightedScope(id: "one.py", expectedSeconds: 100, isKnown: true)]
        #expect(
            ScopeSplitter(mode: .auto, slotCount: 4, minimumSliceSeconds: 0).split(
                one, tests: ["one.py": [("one.py::t", 100)]]) == one)
    }

    @Test func slicesNeverGoBelowTheMinimum() {
        let units = ScopeSplitter(mode: .auto, slotCount: 4, minimumSliceSeconds: 20).split(
            scopes(), tests: ["giant.py": giantTests])
        #expect(units.filter { $0.tests != nil }.count == 2)
    }

    @Test func contiguousSlicesAreNonEmptyAndCoverEverything() {
        for count in 1...7 {
            let tests: [(id: String, seconds: Double)] = [
                ("a", 10.0), ("b", 0.1), ("c", 0.1), ("d", 5), ("e", 0.1), ("f", 0.1), ("g", 3),
            ]
            let slices = ScopeSplitter.contiguousSlices(tests, count: count)
            #expect(slices.count == count)
            #expect(slices.allSatisfy { !$0.isEmpty })
            #expect(slices.flatMap { $0.map(\.id) } == tests.map(\.id))
        }
    }

    @Test func theCoordinatorFinishesASplitScopeOnceWithAllItsTests() throws {
        let units = ScopeSplitter(mode: .auto, slotCount: 2, minimumSliceSeconds: 0).split(
            [
                WeightedScope(id: "big.py", expectedSeconds: 8, isKnown: true),
                WeightedScope(id: "a.py", expectedSeconds: 1, isKnown: true),
            ],
            tests: ["big.py": (0..<8).map { ("big.py::t\($0)", 1.0) }])
        #expect(units.filter { $0.id == "big.py" }.count > 1)
        var machine = RunCoordinator(
            runID: "r", adapter: "pytest", workspace: "/w", scopes: units,
            policy: BatchPolicy(slotCount: 2, perBatchOverhead: 0, drainFactor: 100), startedAt: 0)
        _ = machine.start(now: 0)
        _ = machine.handle(.agentJoined(host: "local", slots: 1), now: 0)
        let worker = WorkerID(host: "local", slot: 1)
        var finishedScopes: [String] = []
        var report: RunReport?
        var actions = machine.handle(.slotReady(worker), now: 0)
        while report == nil {
            guard case .run(let batch, _) = actions.first(where: { if case .run = $0 { true } else { false } }) else {
                Issue.record("no batch")
                return
            }
            for scope in batch.scopes {
                let ids = batch.slices[scope] ?? ["\(scope)::only"]
                for id in ids {
                    _ = machine.handle(
                        .testFinished(
                            TestResult(
                                id: id, scope: scope, outcome: .passed, duration: 1, worker: worker, batch: batch.id)),
                        now: 1)
                }
            }
            let done = machine.handle(
                .batchDone(BatchCompletion(batchID: batch.id, worker: worker, startedAt: 0, wall: 1)), now: 1)
            for action in done {
                if case .emit(.scopeFinished(let scope, _, _)) = action { finishedScopes.append(scope.id) }
                if case .finish(let final) = action { report = final }
            }
            actions = machine.handle(.slotReady(worker), now: 1)
        }
        #expect(finishedScopes.sorted() == ["a.py", "big.py"])
        let final = try #require(report)
        #expect(final.tests.count == 9)
        #expect(final.scopes.first { $0.id == "big.py" }?.counts.total == 8)
        #expect(final.exitCode == .allPassed)
    }
}

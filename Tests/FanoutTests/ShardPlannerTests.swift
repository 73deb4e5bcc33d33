import FanoutCore
import Testing

@Suite struct ShardPlannerTests {
    func files(_ seconds: [Double], prefix: String = "f") -> [WeightedScope] {
        seconds.enumerated().map {
            WeightedScope(id: "\(prefix)\($0.offset).py", expectedSeconds: $0.element, isKnown: true)
        }
    }

    func tests(of scopes: [WeightedScope], count: Int) -> [String: [(id: String, seconds: Double)]] {
        Dictionary(
            uniqueKeysWithValues: scopes.map { scope in
                (scope.id, (0..<count).map { ("\(scope.id)::t\($0)", scope.expectedSeconds / Double(count)) })
            })
    }

    func allTests(_ plan: ShardPlan, wholeFiles: [String: Int]) -> [String] {
        plan.shards.flatMap { shard in
            shard.items.flatMap { item in
                item.tests ?? (0..<(wholeFiles[item.scope] ?? 0)).map { "\(item.scope)::t\($0)" }
            }
        }
    }

    @Test func tenEqualFilesOnTwentyShardsLeaveNoShardEmpty() throws {
        let scopes = files(Array(repeating: 3, count: 10))
        let planner = ShardPlanner(shardCount: 20)
        #expect(planner.scopesToSplit(scopes).count == 10)
        let plan = try planner.plan(scopes, tests: tests(of: scopes, count: 3), basis: "history")
        #expect(plan.shards.count == 20)
        #expect(plan.shards.allSatisfy { !$0.items.isEmpty })
        let ids = allTests(plan, wholeFiles: [:])
        #expect(ids.count == 30)
        #expect(Set(ids).count == 30)
    }

    @Test func oversizedFilesArePlannedTestByTestAndEveryTestIsPlannedOnce() throws {
        let scopes = files([40, 5, 4, 3, 3, 2, 2, 1])
        let planner = ShardPlanner(shardCount: 4)
        // Share: 60 / 4 = 15 s; only f0 exceeds it.
        #expect(planner.scopesToSplit(scopes) == ["f0.py"])
        let split = tests(of: [scopes[0]], count: 20)
        let plan = try planner.plan(scopes, tests: split, basis: "history")
        let ids = allTests(plan, wholeFiles: Dictionary(uniqueKeysWithValues: scopes.dropFirst().map { ($0.id, 1) }))
        #expect(ids.count == 27)
        #expect(Set(ids).count == 27)
        let loads = plan.shards.map(\.expectedSeconds)
        #expect(loads.max()! - loads.min()! <= 2 + 1e-9)
        // A split file's tests stay in file order within a shard.
        for item in plan.shards.flatMap(\.items) where item.tests != nil {
            let numbers = item.tests!.map { Int($0.split(separator: "t").last!)! }
            #expect(numbers == numbers.sorted())
        }
    }

    @Test func plansAreIdenticalAcrossRunsAndInputOrders() throws {
        let scopes = files([5, 5, 3, 3, 1, 1, 1, 7, 2, 2])
        let first = try ShardPlanner(shardCount: 3).plan(scopes, tests: [:], basis: "history")
        let second = try ShardPlanner(shardCount: 3).plan(scopes.reversed(), tests: [:], basis: "history")
        #expect(first == second)
        #expect(first.shards.map(\.expectedSeconds) == [10, 10, 10])
    }

    @Test func tooManyShardsIsAnError() {
        #expect(throws: PlanError("5 shards but only 2 tests and files to share out; use at most 2 shards")) {
            try ShardPlanner(shardCount: 5).plan(
                files([1, 1]), tests: ["f0.py": [("f0.py::a", 1)], "f1.py": [("f1.py::a", 1)]], basis: "history")
        }
    }

    @Test func theCheckerFindsEveryKindOfMismatch() throws {
        let scopes = files([4, 3, 2, 1])
        let plan = try ShardPlanner(shardCount: 2).plan(scopes, tests: [:], basis: "history")
        #expect(PlanChecker().problems(plan, universe: scopes.map(\.id), collected: [:]).isEmpty)
        let problems = PlanChecker().problems(plan, universe: ["f0.py", "f1.py", "f2.py", "new.py"], collected: [:])
        #expect(problems.contains("f3.py is in the plan but no longer exists"))
        #expect(problems.contains { $0.hasPrefix("new.py is not in the plan (new file; it would run in shard ") })

        var broken = plan
        broken.shards[1].items.append(broken.shards[0].items[0])
        broken.shards.append(ShardPlan.Shard(index: 3, expectedSeconds: 0, items: []))
        let brokenProblems = PlanChecker().problems(broken, universe: scopes.map(\.id), collected: [:])
        #expect(brokenProblems.contains("shard 3 is empty"))
        #expect(brokenProblems.contains { $0.hasPrefix("\(plan.shards[0].items[0].scope) is planned whole in shards") })

        let sliced = ShardPlan(
            basis: "history",
            shards: [
                ShardPlan.Shard(
                    index: 1, expectedSeconds: 1,
                    items: [ShardPlan.Item(scope: "f0.py", tests: ["f0.py::a", "f0.py::gone"])]),
                ShardPlan.Shard(
                    index: 2, expectedSeconds: 1, items: [ShardPlan.Item(scope: "f0.py", tests: ["f0.py::a"])]),
            ])
        let slicedProblems = PlanChecker().problems(
            sliced, universe: ["f0.py"], collected: ["f0.py": ["f0.py::a", "f0.py::b"]])
        #expect(
            slicedProblems == [
                "f0.py::a is planned in shards [1, 2]", "f0.py::b is not in the plan",
                "f0.py::gone is in the plan but no longer exists",
            ])
    }

    @Test func aShardRunsItsItemsAndTheNewFilesThatHashToIt() throws {
        let scopes = files([4, 3, 2, 1])
        let plan = try ShardPlanner(shardCount: 3).plan(scopes, tests: [:], basis: "history")
        let universe = scopes + [WeightedScope(id: "brand_new.py", expectedSeconds: 1, isKnown: false)]
        let newShard = plan.shardForNewScope("brand_new.py")
        #expect((1...3).contains(newShard))
        #expect(newShard == plan.shardForNewScope("brand_new.py"))
        var seen: [String] = []
        for index in 1...3 { seen += plan.units(forShard: index, universe: universe).map(\.id) }
        #expect(seen.sorted() == universe.map(\.id).sorted())
        #expect(plan.units(forShard: newShard, universe: universe).contains { $0.id == "brand_new.py" })
    }

    @Test func withoutHistoryFileSizeWeighs() {
        let (weighted, basis) = PlanWeights.weigh(
            [DiscoveredScope(id: "a.py", sizeBytes: 2000), DiscoveredScope(id: "b.py", sizeBytes: 500)],
            history: History())
        #expect(basis == "file size")
        #expect(weighted.map(\.expectedSeconds) == [2, 0.5])
        let (known, knownBasis) = PlanWeights.weigh(
            [DiscoveredScope(id: "a.py", sizeBytes: 2000)], history: History(scopes: ["a.py": DurationSamples([7])]))
        #expect(knownBasis == "history")
        #expect(known.first?.expectedSeconds == 7)
    }

    @Test func pinGroupsLandWholeInOneShardAndIsolatedFilesAreNeverCut() throws {
        let scopes = files([40, 5, 4, 3, 3, 2, 2, 1])
        let planner = ShardPlanner(shardCount: 4, groups: [["f5.py", "f6.py", "f7.py"]], keepWhole: ["f0.py"])
        #expect(planner.scopesToSplit(scopes).isEmpty, "f0 is over a shard's share but isolated")
        // f0's tests are known, yet it stays whole.
        let plan = try planner.plan(scopes, tests: tests(of: [scopes[0]], count: 4), basis: "history")
        let holding = plan.shards.filter { shard in
            shard.items.contains { ["f5.py", "f6.py", "f7.py"].contains($0.scope) }
        }
        #expect(holding.count == 1)
        #expect(
            holding.first?.items.filter { ["f5.py", "f6.py", "f7.py"].contains($0.scope) }.map(\.scope) == [
                "f5.py", "f6.py", "f7.py",
            ])
        #expect(plan.shards.flatMap(\.items).filter { $0.scope == "f0.py" } == [ShardPlan.Item(scope: "f0.py")])
        #expect(plan.shards.allSatisfy { !$0.items.isEmpty })
        #expect(plan.shards.flatMap(\.items).map(\.scope).sorted() == scopes.map(\.id).sorted())
        let again = try planner.plan(scopes, tests: tests(of: [scopes[0]], count: 4), basis: "history")
        #expect(again == plan)
    }

    @Test func aPinGroupCountsAsOneUnitWhenThereAreTooFewForTheShards() throws {
        let scopes = files([1, 1, 1])
        let planner = ShardPlanner(shardCount: 3, groups: [["f0.py", "f1.py", "f2.py"]])
        #expect(throws: PlanError.self) { try planner.plan(scopes, tests: [:], basis: "history") }
    }
}

/// Builds deterministic, duration-balanced shard plans (pytest-split's problem, solved with splitting).
///
/// Files go longest first to the least loaded shard (ties: the lower shard number). A file longer than one
/// shard's share is planned test by test; so are the largest files when there are fewer files than shards,
/// so that no shard is ever empty. Pin groups go whole to one shard, and files kept whole (pinned or
/// isolated, whose setup and teardown must run once) are never planned test by test.
public struct ShardPlanner: Sendable {
    public let shardCount: Int
    /// Groups of files that must land in one shard together (pin groups).
    public let groups: [[String]]
    /// Files never planned test by test.
    public let keepWhole: Set<String>

    public init(shardCount: Int, groups: [[String]] = [], keepWhole: Set<String> = []) {
        self.shardCount = max(1, shardCount)
        self.groups = groups.filter { !$0.isEmpty }
        self.keepWhole = keepWhole.union(groups.joined())
    }

    /// Files that must be planned test by test: those over a shard's share, and every file when there are
    /// fewer files than shards (the only way to give every shard something).
    public func scopesToSplit(_ scopes: [WeightedScope]) -> [String] {
        let ordered = Self.ordered(scopes).filter { !keepWhole.contains($0.id) }
        if scopes.count < shardCount { return ordered.map(\.id) }
        let share = scopes.reduce(0) { $0 + $1.expectedSeconds } / Double(shardCount)
        return ordered.filter { $0.expectedSeconds > share }.map(\.id)
    }

    /// The plan. `tests` holds, for each file to split, its test ids in file order with expected seconds.
    public func plan(_ scopes: [WeightedScope], tests: [String: [(id: String, seconds: Double)]], basis: String) throws
        -> ShardPlan
    {
        var units: [(items: [(item: ShardPlan.Item, order: Int)], seconds: Double)] = []
        var grouped: [Int: [(item: ShardPlan.Item, order: Int)]] = [:]
        var groupSeconds: [Int: Double] = [:]
        let groupOf = Dictionary(
            groups.enumerated().flatMap { index, members in members.map { ($0, index) } }, uniquingKeysWith: min)
        for (order, scope) in Self.ordered(scopes).enumerated() {
            if let group = groupOf[scope.id] {
                grouped[group, default: []].append((ShardPlan.Item(scope: scope.id), order))
                groupSeconds[group, default: 0] += scope.expectedSeconds
            } else if let scopeTests = tests[scope.id], !scopeTests.isEmpty, !keepWhole.contains(scope.id) {
                units += scopeTests.map { ([(ShardPlan.Item(scope: scope.id, tests: [$0.id]), order)], $0.seconds) }
            } else {
                units.append(([(ShardPlan.Item(scope: scope.id), order)], scope.expectedSeconds))
            }
        }
        for (group, items) in grouped.sorted(by: { $0.key < $1.key }) {
            units.append((items.sorted { $0.item.scope < $1.item.scope }, groupSeconds[group] ?? 0))
        }
        guard units.count >= shardCount else {
            throw PlanError(
                "\(shardCount) shards but only \(units.count) tests and files to share out; use at most \(units.count) shards"
            )
        }
        func key(_ unit: (items: [(item: ShardPlan.Item, order: Int)], seconds: Double)) -> (String, String) {
            (unit.items[0].item.scope, unit.items[0].item.tests?.first ?? "")
        }
        units.sort { lhs, rhs in lhs.seconds != rhs.seconds ? lhs.seconds > rhs.seconds : key(lhs) < key(rhs) }
        var loads = Array(repeating: 0.0, count: shardCount)
        var assigned = Array(repeating: [(item: ShardPlan.Item, order: Int)](), count: shardCount)
        for unit in units {
            let shard = loads.indices.min { loads[$0] != loads[$1] ? loads[$0] < loads[$1] : $0 < $1 }!
            loads[shard] += unit.seconds
            assigned[shard] += unit.items
        }
        let shards = assigned.enumerated().map { index, items in
            ShardPlan.Shard(
                index: index + 1, expectedSeconds: loads[index], items: Self.merged(items, testOrder: tests))
        }
        return ShardPlan(basis: basis, shards: shards)
    }

    /// Items of one shard in a stable order, with the tests of one file merged into one item in file order.
    static func merged(
        _ items: [(item: ShardPlan.Item, order: Int)], testOrder: [String: [(id: String, seconds: Double)]]
    )
        -> [ShardPlan.Item]
    {
        var byScope: [String: (order: Int, tests: [String]?)] = [:]
        for (item, order) in items {
            if let tests = item.tests {
                byScope[item.scope, default: (order, [])].tests! += tests
            } else {
                byScope[item.scope] = (order, nil)
            }
        }
        return byScope.sorted { $0.value.order < $1.value.order }.map { scope, value in
            guard let tests = value.tests else { return ShardPlan.Item(scope: scope) }
            let position = Dictionary(
                (testOrder[scope] ?? []).enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: min)
            return ShardPlan.Item(scope: scope, tests: tests.sorted { (position[$0] ?? 0) < (position[$1] ?? 0) })
        }
    }

    /// Longest first, ties by path: the same input always gives the same plan.
    static func ordered(_ scopes: [WeightedScope]) -> [WeightedScope] {
        scopes.sorted {
            $0.expectedSeconds != $1.expectedSeconds ? $0.expectedSeconds > $1.expectedSeconds : $0.id < $1.id
        }
    }
}

/// A plan cannot be made or does not fit the suite.
public struct PlanError: Error, CustomStringConvertible, Sendable, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

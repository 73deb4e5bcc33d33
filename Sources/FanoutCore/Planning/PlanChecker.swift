/// Checks a shard plan against the current test universe, for `fanout plan --check` in CI.
public struct PlanChecker: Sendable {
    public init() {}

    /// Problems, empty when the plan covers the universe exactly once with no empty shard.
    /// - Parameters:
    ///   - universe: the files that exist now.
    ///   - collected: current test ids of every file the plan splits.
    public func problems(_ plan: ShardPlan, universe: [String], collected: [String: [String]]) -> [String] {
        var problems: [String] = []
        if plan.version != ShardPlan.formatVersion {
            problems.append("plan format \(plan.version), expected \(ShardPlan.formatVersion)")
        }
        for shard in plan.shards where shard.items.isEmpty { problems.append("shard \(shard.index) is empty") }
        let indices = plan.shards.map(\.index)
        if indices != Array(1...max(1, plan.shards.count)) {
            problems.append("shards are numbered \(indices), expected 1...\(plan.shards.count)")
        }
        var wholeIn: [String: [Int]] = [:]
        var testsIn: [String: [String: [Int]]] = [:]
        for shard in plan.shards {
            for item in shard.items {
                if let tests = item.tests {
                    for test in tests { testsIn[item.scope, default: [:]][test, default: []].append(shard.index) }
                } else {
                    wholeIn[item.scope, default: []].append(shard.index)
                }
            }
        }
        let existing = Set(universe)
        for (scope, shards) in wholeIn.sorted(by: { $0.key < $1.key }) {
            if shards.count > 1 { problems.append("\(scope) is planned whole in shards \(shards)") }
            if testsIn[scope] != nil { problems.append("\(scope) is planned both whole and by test") }
            if !existing.contains(scope) { problems.append("\(scope) is in the plan but no longer exists") }
        }
        for (scope, tests) in testsIn.sorted(by: { $0.key < $1.key }) {
            if !existing.contains(scope) {
                problems.append("\(scope) is in the plan but no longer exists")
                continue
            }
            for (test, shards) in tests.sorted(by: { $0.key < $1.key }) where shards.count > 1 {
                problems.append("\(test) is planned in shards \(shards)")
            }
            let now = Set(collected[scope] ?? [])
            let planned = Set(tests.keys)
            for missing in now.subtracting(planned).sorted() { problems.append("\(missing) is not in the plan") }
            for gone in planned.subtracting(now).sorted() {
                problems.append("\(gone) is in the plan but no longer exists")
            }
        }
        for scope in universe.sorted() where wholeIn[scope] == nil && testsIn[scope] == nil {
            problems.append(
                "\(scope) is not in the plan (new file; it would run in shard \(plan.shardForNewScope(scope)))")
        }
        return problems
    }
}

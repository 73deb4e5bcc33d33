/// Files kept together or apart: pin groups, isolated files, and slices of files too long for one slot.
extension RunPlanner {
    /// The configured pin groups plus one group per pin mark (the files among `scopes` with tests carrying it),
    /// and a notice per mark group.
    func pinGroups(scopes: [String]) throws -> (PinGroups, [String]) {
        var groups: [[String]] = []
        var notices: [String] = []
        for marker in settings.pinMarkers {
            let files = try self.scopes(marked: marker, among: scopes)
            guard !files.isEmpty else { continue }
            groups.append(files)
            notices.append("pinned \(files.count) files with tests marked '\(marker)' to one slot")
        }
        return (settings.pins.adding(scopeGroups: groups), notices)
    }

    /// The isolation rules with their marks resolved to the files among `scopes` whose tests carry them.
    func isolationRules(among scopes: [String]) throws -> [IsolationRule] {
        try settings.isolation.map { rule in
            guard let marker = rule.marker else { return rule }
            var resolved = rule
            resolved.markedScopes = Set(try self.scopes(marked: marker, among: scopes))
            return resolved
        }
    }

    /// Takes the isolated scopes out of `units`: whole ones are collected and cut into one slice per slot, slices
    /// (from a shard plan) are kept as they are.
    func isolate(_ units: [WeightedScope]) throws
        -> (regular: [WeightedScope], isolated: [IsolatedScope], notices: [String], rules: [IsolationRule])
    {
        guard !settings.isolation.isEmpty else { return (units, [], [], []) }
        let ids = Array(Set(units.filter { $0.members == nil }.map(\.id))).sorted()
        let rules = try isolationRules(among: ids)
        let isolatedIDs = Set(rules.isolatedScopes(among: ids))
        guard !isolatedIDs.isEmpty else { return (units, [], [], rules) }
        let whole = units.filter { isolatedIDs.contains($0.id) && $0.tests == nil }
        let collected = try tests(of: whole.map(\.id))
        var isolated: [IsolatedScope] = []
        var notices: [String] = []
        for id in isolatedIDs.sorted() {
            guard let rule = rules.rule(for: id) else { continue }
            let (hasSetup, hasTeardown) = (rule.setup != nil, rule.teardown != nil)
            let scope: IsolatedScope
            if let unit = whole.first(where: { $0.id == id }) {
                let tests = PlanWeights.tests(collected[id] ?? [], scopeSeconds: unit.expectedSeconds, history: history)
                scope = .sliced(unit, tests: tests, slots: settings.slots, hasSetup: hasSetup, hasTeardown: hasTeardown)
            } else {
                scope = IsolatedScope(
                    scope: id, units: units.filter { $0.id == id }, hasSetup: hasSetup, hasTeardown: hasTeardown)
            }
            isolated.append(scope)
            notices.append(
                "isolated \(id): \(scope.testIDs.count) tests in \(scope.units.count) slices, run alone"
                    + (rule.setup.map { ", setup `\($0.joined(separator: " "))`" } ?? "")
                    + (rule.teardown.map { ", teardown `\($0.joined(separator: " "))`" } ?? ""))
        }
        return (units.filter { !isolatedIDs.contains($0.id) }, isolated, notices, rules)
    }

    /// Replaces oversized scopes by test slices as the split setting allows, collecting their tests first.
    func split(_ weighted: [WeightedScope], policy: BatchPolicy) throws -> (units: [WeightedScope], notices: [String]) {
        let splitter = ScopeSplitter(
            mode: settings.split, slotCount: settings.slots, minimumSliceSeconds: policy.minimumSeconds)
        let candidates = splitter.scopesToCollect(weighted)
        guard !candidates.isEmpty else { return (weighted, []) }
        let collected = try tests(of: candidates)
        let expected = Dictionary(weighted.map { ($0.id, $0.expectedSeconds) }, uniquingKeysWith: { first, _ in first })
        var tests: [String: [(id: String, seconds: Double)]] = [:]
        for (scope, ids) in collected {
            tests[scope] = PlanWeights.tests(ids, scopeSeconds: expected[scope] ?? 1, history: history)
        }
        let units = splitter.split(weighted, tests: tests)
        let notices = candidates.compactMap { scope -> String? in
            let slices = units.filter { $0.id == scope && $0.tests != nil }.count
            return slices > 1
                ? "split \(scope) into \(slices) slices of its \(collected[scope]?.count ?? 0) tests" : nil
        }
        return (units, notices)
    }
}

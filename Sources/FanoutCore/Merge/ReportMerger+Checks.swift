/// What makes reports unmergeable, each check returning its reasons (none when the reports pass it).
extension ReportMerger {
    func adapterMismatches() -> [String] {
        let adapters = Set(inputs.map(\.report.adapter))
        guard adapters.count > 1 else { return [] }
        let each = inputs.map { "\($0.name) is a \($0.report.adapter) report" }.joined(separator: ", ")
        return ["the reports are of different frameworks (\(each)): merge the reports of one suite"]
    }

    /// Shard reports must be all of one plan, each shard exactly once.
    func shardMismatches() -> [String] {
        let sharded = inputs.filter { $0.report.shard != nil }
        guard !sharded.isEmpty else { return [] }
        if sharded.count < inputs.count {
            let plain = inputs.filter { $0.report.shard == nil }.map(\.name)
            return [
                "\(ReportMergeRefusal.listed(plain)) ran no --shard I/N while \(sharded[0].name) did: merge the "
                    + "reports of one matrix"
            ]
        }
        let shards = sharded.compactMap { input in input.report.shard.map { (input.name, $0) } }
        var reasons: [String] = []
        let plans = Set(shards.map { "\($0.1.count) shards, plan \($0.1.plan)" })
        if plans.count > 1 {
            let each = shards.map { "\($0.0): \($0.1.label) of plan \($0.1.plan)" }.joined(separator: "; ")
            reasons.append(
                "the shards ran different plans (\(each)): a shard that weighs the suite by its own history may run "
                    + "a file another shard also runs, or none; give every job one plan with `fanout plan --shards N "
                    + "--output FILE` and `--plan FILE`")
            return reasons
        }
        let count = shards[0].1.count
        let byIndex = Dictionary(grouping: shards, by: \.1.index)
        for index in 1...max(1, count) {
            let reports = byIndex[index] ?? []
            if reports.isEmpty { reasons.append("shard \(index)/\(count) is missing: give its report too") }
            if reports.count > 1 {
                reasons.append("shard \(index)/\(count) is given twice: \(reports.map(\.0).joined(separator: ", "))")
            }
        }
        return reasons
    }

    /// Test ids present in more than one report.
    func duplicateTests() -> [String] {
        var owner: [String: String] = [:]
        var twice: [String] = []
        for input in inputs {
            for test in input.report.tests {
                if let first = owner.updateValue(input.name, forKey: test.id) {
                    owner[test.id] = first
                    twice.append("\(test.id) (\(first) and \(input.name))")
                }
            }
        }
        guard !twice.isEmpty else { return [] }
        return ["\(twice.count) tests are in two reports: \(ReportMergeRefusal.listed(twice))"]
    }

    /// For shard reports: files of the suite no report ran (or reported not run), and tests of files cut between
    /// shards that no report has.
    func missingFromEveryShard() -> [String] {
        let shards = inputs.compactMap(\.report.shard)
        guard !shards.isEmpty, shards.count == inputs.count else { return [] }
        var covered = Set(inputs.flatMap { $0.report.scopes.map(\.id) + $0.report.notRun })
        covered.formUnion(inputs.flatMap { $0.report.tests.map(\.scope) })
        let suite = Array(Set(shards.flatMap(\.suite))).sorted()
        var reasons: [String] = []
        let missingScopes = suite.filter { !covered.contains($0) }
        if !missingScopes.isEmpty {
            reasons.append(
                "\(missingScopes.count) files of the suite are in no report: "
                    + ReportMergeRefusal.listed(missingScopes))
        }
        let present = Set(inputs.flatMap { $0.report.tests.map(\.id) })
        let missingTests = Array(Set(shards.flatMap(\.slicedTests))).sorted().filter { !present.contains($0) }
        if !missingTests.isEmpty {
            reasons.append(
                "\(missingTests.count) tests of files cut between shards are in no report: "
                    + ReportMergeRefusal.listed(missingTests))
        }
        return reasons
    }
}

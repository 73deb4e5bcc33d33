/// Merges the reports of a CI matrix's shards (or of any runs of disjoint parts of one suite) into one report,
/// as if one run had run them all: every test once, counts and exit code recomputed, timelines side by side.
///
/// Refuses, naming what is wrong, when the reports are of different frameworks, when a test is in two of them,
/// and, for `--shard I/N` reports, when a shard is missing or twice, the shards came from different plans, or a
/// file or test of the suite is in none of them.
public struct ReportMerger: Sendable {
    public let inputs: [NamedReport]

    public init(_ inputs: [NamedReport]) {
        self.inputs = inputs
    }

    /// The merged report, or the refusal with every reason found.
    public func merge() throws -> RunReport {
        guard let first = inputs.first?.report else { throw ReportMergeRefusal(reasons: ["no reports were given"]) }
        let reasons = adapterMismatches() + shardMismatches() + duplicateTests() + missingFromEveryShard()
        if !reasons.isEmpty { throw ReportMergeRefusal(reasons: reasons) }
        let relabeled = relabeledInputs()
        let tests = relabeled.flatMap(\.tests)
        var counts = OutcomeCounts()
        for test in tests { counts.add(test.outcome) }
        let startedAt = inputs.map(\.report.startedAt).min() ?? first.startedAt
        let endedAt = inputs.map { $0.report.startedAt + $0.report.duration }.max() ?? startedAt
        let scopes = mergedScopes(relabeled)
        let ran = Set(scopes.map(\.id))
        return RunReport(
            runID: inputs.map(\.report.runID).joined(separator: "+"), adapter: first.adapter,
            workspace: first.workspace, startedAt: startedAt, duration: max(0, endedAt - startedAt),
            exitCode: exitCode(counts), interrupted: inputs.contains { $0.report.interrupted },
            problems: inputs.flatMap { input in input.report.problems.map { "\(input.name): \($0)" } },
            workers: Array(Set(relabeled.flatMap(\.workers))).sorted(), counts: counts, scopes: scopes,
            notRun: Array(Set(inputs.flatMap(\.report.notRun)).subtracting(ran)).sorted(), tests: tests,
            batches: relabeled.flatMap(\.batches))
    }

    /// One scope per id, in order of first appearance; a file cut between shards adds up its parts.
    private func mergedScopes(_ reports: [RunReport]) -> [ScopeReport] {
        var order: [String] = []
        var merged: [String: ScopeReport] = [:]
        for scope in reports.flatMap(\.scopes) {
            guard var existing = merged[scope.id] else {
                order.append(scope.id)
                merged[scope.id] = scope
                continue
            }
            for (outcome, count) in scope.counts.byOutcome { existing.counts.add(outcome, count: count) }
            existing.duration += scope.duration
            existing.workers = Array(Set(existing.workers + scope.workers)).sorted()
            merged[scope.id] = existing
        }
        return order.compactMap { merged[$0] }
    }

    /// The worst of the reports' own verdicts: a report that could not run (3, 4) over an interrupted one over
    /// failures; no tests (5) only when the merged report has none.
    private func exitCode(_ counts: OutcomeCounts) -> ExitCode {
        let codes = inputs.map(\.report.exitCode)
        if let broken = codes.first(where: { $0 == .internalError || $0 == .usageError }) { return broken }
        if codes.contains(.interrupted) { return .interrupted }
        if codes.contains(.testsFailed) || counts.failures > 0 { return .testsFailed }
        return counts.total == 0 ? .noTestsCollected : .allPassed
    }
}

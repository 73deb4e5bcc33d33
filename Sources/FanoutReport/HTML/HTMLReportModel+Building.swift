import FanoutCore

extension HTMLReportModel {
    init(_ report: RunReport) {
        let workers = Array(Set(report.workers + report.batches.map(\.worker))).sorted()
        let workerIndex = Dictionary(uniqueKeysWithValues: workers.enumerated().map { ($1, $0) })
        let scopes = Array(Set(report.tests.map(\.scope)).union(report.scopes.map(\.id))).sorted()
        let scopeIndex = Dictionary(uniqueKeysWithValues: scopes.enumerated().map { ($1, $0) })
        let code = Dictionary(uniqueKeysWithValues: Self.outcomes.enumerated().map { ($1, $0) })
        title = report.runID
        adapter = report.adapter
        workspace = report.workspace
        verdict = report.counts.phrase
        startedAt = report.startedAt
        duration = report.duration
        exitCode = report.exitCode.rawValue
        counts = Dictionary(uniqueKeysWithValues: Outcome.allCases.map { ($0.rawValue, report.counts[$0]) })
        problems = report.problems
        notRun = report.notRun
        self.workers = workers.map(\.description)
        self.scopes = scopes
        outcomeNames = Self.outcomes.map(\.rawValue)
        tests = report.tests.map { test in
            [
                .text(test.id), .integer(scopeIndex[test.scope] ?? -1), .integer(code[test.outcome] ?? 0),
                .number(test.duration), .integer(test.worker.flatMap { workerIndex[$0] } ?? -1),
            ]
        }
        batches = Self.batchRows(report, workerIndex: workerIndex, code: code)
        failures = report.failures.enumerated().map { position, test in
            Self.failure(test, detailed: position < Self.detailedFailures)
        }
        flaky = report.tests.filter(\.isFlaky).map { test in
            Flaky(
                id: test.id, worker: test.worker?.description ?? "?",
                attempts: (test.previousAttempts ?? []).map {
                    Attempt(outcome: $0.outcome.rawValue, worker: $0.worker?.description ?? "?", message: $0.message)
                })
        }
        slowestTests = report.tests.sorted { ($1.duration, $0.id) < ($0.duration, $1.id) }.prefix(Self.slowestCount)
            .map { [.text($0.id), .number($0.duration), .text($0.worker?.description ?? "")] }
        slowestScopes = report.scopes.sorted { ($1.duration, $0.id) < ($0.duration, $1.id) }.prefix(Self.slowestCount)
            .map { [.text($0.id), .number($0.duration), .text($0.workers.map(\.description).joined(separator: ","))] }
        hosts = Self.hostRows(report, workers: workers)
    }

    private static func failure(_ test: TestResult, detailed: Bool) -> Failure {
        Failure(
            id: test.id, outcome: test.outcome.rawValue, worker: test.worker?.description ?? "?", message: test.message,
            details: detailed ? test.details : nil, stdout: detailed ? test.stdout : nil,
            stderr: detailed ? test.stderr : nil, attempts: (test.previousAttempts?.count ?? 0) + 1)
    }

    /// A batch's colour is the worst outcome among the results it gave.
    private static func batchRows(_ report: RunReport, workerIndex: [WorkerID: Int], code: [Outcome: Int]) -> [[Value]]
    {
        let severity: [Outcome] = [.skipped, .xfailed, .passed, .xpassed, .failed, .error, .timeout]
        let rank = Dictionary(uniqueKeysWithValues: severity.enumerated().map { ($1, $0) })
        var worst: [Int: Outcome] = [:]
        for test in report.tests {
            guard let batch = test.batch else { continue }
            if let known = worst[batch], rank[known]! >= rank[test.outcome]! { continue }
            worst[batch] = test.outcome
        }
        return report.batches.sorted { $0.startedAt < $1.startedAt }.map { batch in
            [
                .integer(workerIndex[batch.worker] ?? -1), .number(max(0, batch.startedAt - report.startedAt)),
                .number(batch.wall), .integer(worst[batch.id].flatMap { code[$0] } ?? -1), .integer(batch.id),
                .text(batch.scopes.joined(separator: "\n")),
            ]
        }
    }

    /// One pass over the slots, batches and tests, whatever the number of hosts.
    private static func hostRows(_ report: RunReport, workers: [WorkerID]) -> [Host] {
        var slots: [String: Int] = [:]
        var batches: [String: (count: Int, busy: Double)] = [:]
        var tests: [String: Int] = [:]
        for worker in workers { slots[worker.host, default: 0] += 1 }
        for batch in report.batches {
            let sum = batches[batch.worker.host] ?? (0, 0)
            batches[batch.worker.host] = (sum.count + 1, sum.busy + batch.wall)
        }
        for test in report.tests { if let host = test.worker?.host { tests[host, default: 0] += 1 } }
        return slots.keys.sorted().map { host in
            let (count, busy) = batches[host] ?? (0, 0)
            let span = max(report.duration, 0.001) * Double(max(1, slots[host] ?? 1))
            return Host(
                host: host, slots: slots[host] ?? 0, tests: tests[host] ?? 0, batches: count,
                busy: (busy * 1000).rounded() / 1000, utilisation: (min(1, busy / span) * 1000).rounded() / 1000)
        }
    }
}

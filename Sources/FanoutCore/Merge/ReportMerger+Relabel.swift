/// Shards of a CI matrix each ran on their own machine, mostly all named `local`: where two reports name the same
/// slot, every report's hosts get the report's shard (or position) as a suffix, `local@2-s1`, so the timeline
/// keeps one lane per slot. Batch numbers are made unique the same way.
extension ReportMerger {
    func relabeledInputs() -> [RunReport] {
        var seen: Set<WorkerID> = []
        var clash = false
        for input in inputs {
            let workers = Set(input.report.workers + input.report.batches.map(\.worker))
            if !seen.isDisjoint(with: workers) { clash = true }
            seen.formUnion(workers)
        }
        var batchOffset = 0
        return inputs.enumerated().map { position, input in
            let suffix = clash ? "@" + String(input.report.shard?.index ?? position + 1) : ""
            let report = Self.relabeled(input.report, hostSuffix: suffix, batchOffset: batchOffset)
            batchOffset = max(batchOffset, (report.batches.map(\.id).max() ?? batchOffset))
            return report
        }
    }

    static func relabeled(_ report: RunReport, hostSuffix: String, batchOffset: Int) -> RunReport {
        guard !hostSuffix.isEmpty || batchOffset > 0 else { return report }
        func worker(_ id: WorkerID) -> WorkerID { WorkerID(host: id.host + hostSuffix, slot: id.slot) }
        func test(_ result: TestResult) -> TestResult {
            var result = result
            result.worker = result.worker.map(worker)
            result.batch = result.batch.map { $0 + batchOffset }
            result.previousAttempts = result.previousAttempts?.map(test)
            return result
        }
        var report = report
        report.workers = report.workers.map(worker)
        report.tests = report.tests.map(test)
        report.scopes = report.scopes.map { scope in
            var scope = scope
            scope.workers = scope.workers.map(worker)
            return scope
        }
        report.batches = report.batches.map { batch in
            var batch = batch
            batch.id += batchOffset
            batch.worker = worker(batch.worker)
            batch.copyOf = batch.copyOf.map { $0 + batchOffset }
            return batch
        }
        return report
    }
}

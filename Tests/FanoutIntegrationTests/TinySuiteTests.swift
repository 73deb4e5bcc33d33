import FanoutCore
import FanoutReport
import Foundation
import Testing

/// A suite whose history says it takes less than starting a worker runs in one cold process: parallel slots
/// would only pay their warm-up before the first test. Its outcomes stay those of the parallel run.
@Suite struct TinySuiteTests {
    @Test func aSuiteShorterThanAWorkerStartRunsInOneProcessOnceItsHistorySaysSo() throws {
        let suite = try Harness.copyOfSuite("Tests/Fixtures/flat")
        defer { try? FileManager.default.removeItem(atPath: suite) }
        let first = try Harness.fanout(["run", suite, "-n", "2", "--json", suite + "/first.json"])
        let second = try Harness.fanout(["run", suite, "-n", "2", "--json", suite + "/second.json"])
        let firstReport = try JSONReportWriter.decode(Data(contentsOf: URL(fileURLWithPath: suite + "/first.json")))
        let secondReport = try JSONReportWriter.decode(Data(contentsOf: URL(fileURLWithPath: suite + "/second.json")))
        #expect(first.exitCode == second.exitCode, "\(first.stdout)\(second.stdout)")
        #expect(!first.stdout.contains("one process runs it all"), "no history yet: every file could be long")
        #expect(firstReport.workers.count == 2)
        #expect(second.stdout.contains("less than starting a worker"), "\(second.stdout)")
        #expect(secondReport.workers == [WorkerID(host: "local", slot: 1)])
        #expect(secondReport.batches.count == 1)
        let outcomes = { (report: RunReport) in
            Dictionary(uniqueKeysWithValues: report.tests.map { ($0.id, $0.outcome) })
        }
        #expect(outcomes(secondReport) == outcomes(firstReport))
        #expect(secondReport.tests.count == 32)

        // Asked for one file per process, the run keeps its slots.
        let perFile = try Harness.fanout(["run", suite, "-n", "2", "--max-batch-files", "1"])
        #expect(!perFile.stdout.contains("one process runs it all"))
    }
}

import FanoutCore
import FanoutReport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `--speculate` through real agents: a batch stalled far past what its history expects is copied onto the slot
/// that ran out of work; the copy's result counts, the stalled process is stopped, and every outcome is the one
/// pytest gives.
@Suite struct SpeculationRunTests {
    @Test func aStalledBatchsCopyCountsAndTheStalledProcessIsStopped() throws {
        let suite = try Harness.copyOfSuite("Tests/Fixtures/straggler")
        defer { try? FileManager.default.removeItem(atPath: suite) }
        let arguments = ["run", suite, "-n", "2", "--max-batch-files", "1", "--retries", "1"]
        let learn = try Harness.fanout(arguments)
        #expect(learn.exitCode == 0, "\(learn.stdout)\(learn.stderr)")
        let run = try Harness.fanout(
            arguments + ["--speculate", "--json", suite + "/report.json"],
            environment: ["FANOUT_FIXTURE_STRAGGLE": "1"])
        #expect(run.exitCode == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("runs far past its expected time"), "\(run.stdout)")
        let report = try JSONReportWriter.decode(Data(contentsOf: URL(fileURLWithPath: suite + "/report.json")))
        #expect(report.tests.count == 14 && report.counts[.passed] == 14)
        #expect(report.tests.allSatisfy { ($0.previousAttempts ?? []).isEmpty }, "a stopped copy is no failure")
        let copy = try #require(report.batches.first { $0.copyOf != nil })
        let original = try #require(report.batches.first { $0.id == copy.copyOf })
        #expect(copy.counted == true && original.counted == false)
        #expect(copy.worker != original.worker)
        let straggler = try #require(report.tests.first { $0.id == "tests/test_straggler.py::test_straggles" })
        #expect(straggler.batch == copy.id, "the copy's result counted")
        #expect(report.duration < 25, "the run did not wait for the stalled process (30 s)")
        let pidText = try String(contentsOfFile: suite + "/.straggler.pid", encoding: .utf8)
        let pid = try #require(Int32(pidText))
        #expect(kill(pid, 0) != 0, "the stalled test process is gone")
    }
}

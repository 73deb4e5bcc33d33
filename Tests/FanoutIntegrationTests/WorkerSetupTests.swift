import FanoutCore
import FanoutReport
import Foundation
import Testing

/// `[[worker_setup]]`: commands every slot runs with its own environment before its first batch, and their
/// teardowns after its last; a slot whose setup fails leaves its host out, and what the others made is undone.
@Suite struct WorkerSetupTests {
    /// Setup writes `.workers/<worker>` holding the slot's TMPDIR and global slot (the fixture's tests check it); teardown logs the
    /// worker and removes the file.
    static let configuration = """
        [[worker_setup]]
        run = ["sh", "-c", "mkdir -p .workers && echo $TMPDIR $FANOUT_GLOBAL_SLOT > .workers/$FANOUT_WORKER"]
        teardown = ["sh", "-c", "echo $FANOUT_WORKER >> teardown.log && rm .workers/$FANOUT_WORKER"]
        """

    func lines(_ path: String) -> [String] {
        ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    func workersLeft(_ suite: String) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: suite + "/.workers")) ?? []
    }

    @Test func everySlotSetsUpWithItsOwnEnvironmentAndTearsDownAtTheEnd() throws {
        let suite = try Harness.copyOfSuite("Tests/Fixtures/worker-setup")
        defer { try? FileManager.default.removeItem(atPath: suite) }
        try Self.configuration.write(toFile: suite + "/fanout.toml", atomically: true, encoding: .utf8)
        let json = suite + "/report.json"
        let run = try Harness.fanout(["run", suite, "-n", "2", "--max-batch-files", "1", "--json", json])
        #expect(run.exitCode == 0, "\(run.stdout)\(run.stderr)")
        let report = try JSONReportWriter.decode(Data(contentsOf: URL(fileURLWithPath: json)))
        #expect(report.tests.count == 4 && report.tests.allSatisfy { $0.outcome == .passed }, "\(report.tests)")
        #expect(Set(report.tests.compactMap { $0.worker?.description }).count == 2, "both slots ran tests")
        #expect(lines(suite + "/teardown.log").sorted() == ["local-s1", "local-s2"])
        #expect(workersLeft(suite).isEmpty, "teardown removed \(workersLeft(suite))")
    }

    @Test func aFailingWorkerSetupLeavesTheHostOutAndUndoesTheOtherSlots() throws {
        let suite = try Harness.copyOfSuite("Tests/Fixtures/worker-setup")
        defer { try? FileManager.default.removeItem(atPath: suite) }
        try
            (Self.configuration + """

                [[worker_setup]]
                run = ["sh", "-c", "if [ $FANOUT_SLOT = 2 ]; then echo no port for $FANOUT_WORKER; exit 4; fi"]
                teardown = ["sh", "-c", "echo second $FANOUT_WORKER >> teardown.log"]
                """).write(toFile: suite + "/fanout.toml", atomically: true, encoding: .utf8)
        let json = suite + "/report.json"
        let run = try Harness.fanout(["run", suite, "-n", "2", "--json", json])
        #expect(run.exitCode == 3, "no host is left: \(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("failed for local-s2 (exit status 4)"), "\(run.stdout)")
        #expect(run.stdout.contains("no port for local-s2"), "its output is shown")
        let report = try JSONReportWriter.decode(Data(contentsOf: URL(fileURLWithPath: json)))
        #expect(report.tests.isEmpty && report.notRun.count == 4, "\(report.notRun)")
        #expect(
            lines(suite + "/teardown.log").sorted() == ["local-s1", "local-s2", "second local-s1"],
            "each slot undoes exactly what it set up, the last first")
        #expect(workersLeft(suite).isEmpty)
    }
}

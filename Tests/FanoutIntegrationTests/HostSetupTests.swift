import FanoutCore
import FanoutReport
import Foundation
import Testing

/// `[[host_setup]]`: commands each host runs in its workspace before its slots take work, skipped while their
/// inputs are unchanged; a failing one leaves its host out with its output, and the others run the work.
@Suite struct HostSetupTests {
    func lines(_ path: String) -> [String] {
        ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    @Test func aSetupCommandRunsBeforeTheTestsAndAgainOnlyWhenItsInputsChange() throws {
        let suite = try Harness.copyOfSuite("Tests/Fixtures/flat")
        defer { try? FileManager.default.removeItem(atPath: suite) }
        try """
        [[host_setup]]
        run = ["sh", "-c", "echo \\"$FANOUT_HOST $(ls tests | wc -l)\\" >> setup.log"]
        inputs = ["requirements*.txt"]
        """.write(toFile: suite + "/fanout.toml", atomically: true, encoding: .utf8)
        try "a==1\n".write(toFile: suite + "/requirements.txt", atomically: true, encoding: .utf8)
        let json = suite + "/report.json"
        let first = try Harness.fanout(["run", suite, "-n", "2", "--json", json])
        #expect(first.exitCode == 0, "\(first.stdout)\(first.stderr)")
        #expect(first.stdout.contains("host setup `sh -c echo"), "\(first.stdout)")
        #expect(lines(suite + "/setup.log").count == 1 && lines(suite + "/setup.log")[0].hasPrefix("local "))
        #expect(try JSONReportWriter.decode(Data(contentsOf: URL(fileURLWithPath: json))).tests.count == 32)

        let second = try Harness.fanout(["run", suite, "-n", "2"])
        #expect(second.exitCode == 0)
        #expect(second.stdout.contains("skipped: its inputs are unchanged"), "\(second.stdout)")
        #expect(lines(suite + "/setup.log").count == 1)

        try "a==2\n".write(toFile: suite + "/requirements-dev.txt", atomically: true, encoding: .utf8)
        let third = try Harness.fanout(["run", suite, "-n", "2"])
        #expect(third.exitCode == 0)
        #expect(lines(suite + "/setup.log").count == 2, "a new input file runs it again")
    }

    @Test func aFailingSetupLeavesItsHostOutWithItsOutputAndRunsNoTestThere() throws {
        let suite = try Harness.copyOfSuite("Tests/Fixtures/flat")
        defer { try? FileManager.default.removeItem(atPath: suite) }
        try """
        [[host_setup]]
        run = ["sh", "-c", "echo could not install numpy==0.0; exit 7"]
        """.write(toFile: suite + "/fanout.toml", atomically: true, encoding: .utf8)
        let json = suite + "/report.json"
        let run = try Harness.fanout(["run", suite, "-n", "2", "--json", json])
        #expect(run.exitCode == 3, "no host is left: \(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("failed (exit status 7)"), "\(run.stdout)")
        #expect(run.stdout.contains("could not install numpy==0.0"), "its output is shown")
        let report = try JSONReportWriter.decode(Data(contentsOf: URL(fileURLWithPath: json)))
        #expect(report.tests.isEmpty && report.notRun.count == 32, "\(report.notRun)")
    }
}

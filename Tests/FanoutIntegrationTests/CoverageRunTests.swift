import Foundation
import Testing

/// `--cov` under Fanout: every batch writes its own data, the controller combines it and reports once, and the
/// report equals pytest-cov's over the whole suite run serially in one process.
@Suite(.enabled(if: CoverageRun.pytestCovInstalled, "needs pytest-cov (Deploy/install-deps.sh installs it)"))
struct CoverageRunTests {
    @Test func aWarmLocalRunReportsWhatOneSerialRunReports() throws {
        let suite = try Harness.copyOfSuite("Tests/Fixtures/coverage")
        defer { try? FileManager.default.removeItem(atPath: suite) }
        let arguments = ["--cov=calc", "--cov-branch", "--cov-report=term-missing", "--cov-report=xml:cov.xml"]
        let serial = try CoverageRun.serial(suite, arguments)
        let run = try Harness.fanout(["run", suite, "-n", "2", "--max-batch-files", "1", "--"] + arguments)
        #expect(run.exitCode == 0, "\(run.stdout)\(run.stderr)")
        #expect(CoverageRun.table(run.stdout) == CoverageRun.table(serial), "\(run.stdout)")
        #expect(CoverageRun.table(run.stdout).contains { $0.hasPrefix("calc/unused.py") })
        #expect(run.stdout.contains("Coverage XML written to file cov.xml"))
        #expect(FileManager.default.fileExists(atPath: suite + "/cov.xml"))
        #expect(FileManager.default.fileExists(atPath: suite + "/.coverage"), "the combined data, as pytest-cov leaves")
        #expect(!FileManager.default.fileExists(atPath: suite + "/.fanout/coverage/"), "no batch data is left")
    }

    @Test func aMissedMinimumFailsTheRunAndAnEmptyReportOptionPrintsNone() throws {
        let suite = try Harness.copyOfSuite("Tests/Fixtures/coverage")
        defer { try? FileManager.default.removeItem(atPath: suite) }
        let minimum = ["--cov=calc", "--cov-fail-under=95"]
        let serial = try CoverageRun.serial(suite, minimum)
        let verdict = try #require(serial.split(separator: "\n").first { $0.hasPrefix("FAIL Required") })
        let failing = try Harness.fanout(["run", suite, "-n", "2", "--"] + minimum)
        #expect(failing.exitCode == 1, "\(failing.stdout)\(failing.stderr)")
        #expect(failing.stdout.contains(verdict), "\(failing.stdout)")
        let quiet = try Harness.fanout(["run", suite, "-n", "2", "--", "--cov=calc", "--cov-report="])
        #expect(quiet.exitCode == 0, "\(quiet.stdout)\(quiet.stderr)")
        #expect(!quiet.stdout.contains("tests coverage"))
        #expect(FileManager.default.fileExists(atPath: suite + "/.coverage"))
    }
}

/// What the coverage tests share.
enum CoverageRun {
    static let pytestCovInstalled =
        (try? Harness.run("python3", ["-c", "import pytest_cov"]).exitCode) == 0

    /// pytest with `arguments` in one process over a copy of `suite`; its standard output.
    static func serial(_ suite: String, _ arguments: [String]) throws -> String {
        let copy = suite + "-serial"
        try FileManager.default.copyItem(atPath: suite, toPath: copy)
        defer { try? FileManager.default.removeItem(atPath: copy) }
        let run = try Harness.run(
            "python3", ["-m", "pytest", "-p", "no:cacheprovider"] + arguments, directory: copy)
        return run.stdout
    }

    /// The report's table: its lines from the header to the total.
    static func table(_ text: String) -> [String] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(where: { $0.hasPrefix("Name ") }),
            let end = lines.firstIndex(where: { $0.hasPrefix("TOTAL") }), start < end
        else { return [] }
        return Array(lines[start...end])
    }
}

import Foundation
import Testing

extension SSHFanOutTests {
    /// Every batch on three hosts writes its data in the host's workspace; it comes back, is mapped onto the local
    /// workspace and combined, and the report is pytest-cov's of one serial run, line for line.
    @Test(.enabled(if: CoverageRun.pytestCovInstalled, "needs pytest-cov"))
    func coverageFromThreeHostsCombinesIntoTheReportOfOneSerialRun() throws {
        let suite = try Harness.copyOfSuite("Tests/Fixtures/coverage")
        defer { try? FileManager.default.removeItem(atPath: suite) }
        // Slow enough tests that every host gets some, whatever the order they warm up in; the conftest is
        // outside the measured package.
        try "import time\n\nimport pytest\n\n\n@pytest.fixture(autouse=True)\ndef slow():\n    time.sleep(1.5)\n"
            .write(toFile: suite + "/tests/conftest.py", atomically: true, encoding: .utf8)
        let arguments = ["--cov=calc", "--cov-branch", "--cov-report=term-missing"]
        let serial = try CoverageRun.serial(suite, arguments)
        let json = suite + "/report.json"
        let run = try Harness.fanout(
            ["run", suite, "-n", "1", "--max-batch-files", "1", "--json", json] + TestHosts.runArguments() + ["--"]
                + arguments)
        #expect(run.exitCode == 0, "\(run.stdout)\(run.stderr)")
        let result = try report(json)
        #expect(Set(result.tests.compactMap { $0.worker?.host }) == ["h1", "h2", "h3"], "every host ran some")
        #expect(!CoverageRun.table(serial).isEmpty)
        #expect(CoverageRun.table(run.stdout) == CoverageRun.table(serial), "\(run.stdout)\n\(serial)")
        #expect(
            !CoverageRun.table(run.stdout).contains { $0.contains("/.cache/fanout/") },
            "a host's path was left unmapped")
        for host in ["h1", "h2", "h3"] {
            let workspaces = "~/.cache/fanout/workspaces/\(URL(fileURLWithPath: suite).lastPathComponent)-*"
            let left = try TestHosts.ssh(host, "find \(workspaces)/.fanout/coverage -type f | wc -l")
            #expect(left.stdout == "0\n", "\(host) kept coverage data that was brought back")
        }
    }
}

import FanoutCore
import FanoutReport
import Foundation
import Testing

/// The swift adapter on a real package: XCTest and Swift Testing, ids as `swift test list` prints them.
@Suite(.serialized) struct SwiftAdapterTests {
    @Test func xctestAndSwiftTestingResultsMatchTheListedTestsWithExactOutcomes() throws {
        let package = try Harness.copyOfSuite("Tests/Fixtures/swift-package")
        defer { try? FileManager.default.removeItem(atPath: package) }
        let json = package + "/report.json"
        let swift = try SwiftLog()
        let run = try Harness.fanout(
            ["run", package, "-n", "2", "--max-batch-files", "1", "--timeout", "5", "--json", json],
            environment: swift.environment)
        #expect(run.exitCode == 1, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("fanout swift: 9 suites to run"), "\(run.stdout)")
        let report = try JSONReportWriter.decode(Data(contentsOf: URL(fileURLWithPath: json)))
        let outcomes = Dictionary(uniqueKeysWithValues: report.tests.map { ($0.id, $0.outcome) })
        #expect(
            outcomes == [
                "ArithTests.AdditionTests/testAdds": .passed,
                "ArithTests.AdditionTests/testFails": .failed,
                "ArithTests.AdditionTests/testSkips": .skipped,
                "ArithTests.OutputTests/testPrints": .passed,
                "ArithTests.CrashTests/testCrashes": .error,
                "ArithTests.HangTests/testHangs": .timeout,
                "ArithTests.AdditionSuite/adds()": .passed,
                "ArithTests.AdditionSuite/fails()": .failed,
                "ArithTests.AdditionSuite/positive(value:)": .passed,
                "ArithTests.freeStanding()": .passed,
                "ArithTests.CrashingSuite/a_before()": .passed,
                "ArithTests.CrashingSuite/b_crashes()": .error,
                "ArithTests.CrashingSuite/c_after()": .passed,
                "ArithTests.HangingSuite/hangs()": .timeout,
                "ArithTests.OutcomeSuite/disabled()": .skipped,
                "ArithTests.OutcomeSuite/knownIssue()": .passed,
            ])
        let listed = try Harness.run("/usr/bin/env", ["swift", "test", "list", "--skip-build"], directory: package)
        let listedIDs = Set(listed.stdout.split(separator: "\n").map(String.init).filter { !$0.contains(" ") })
        #expect(Set(outcomes.keys) == listedIDs, "ids differ from `swift test list`: \(listed.stdout)")
        // One build, by the controller; the agent finds it stamped with the same sources. Batches run the test
        // binary itself, never `swift test`.
        #expect(try swift.invocations() == SwiftLog.aBuild)

        let failed = report.tests.first { $0.id == "ArithTests.AdditionTests/testFails" }
        #expect(failed?.message?.contains("XCTAssertEqual failed: (\"2\") is not equal to (\"3\")") == true)
        let crashed = report.tests.first { $0.id == "ArithTests.CrashTests/testCrashes" }
        #expect(crashed?.message?.contains("while this test was running") == true, "\(crashed?.message ?? "")")
        #expect(crashed?.message?.contains("killed by signal 4") == true, "\(crashed?.message ?? "")")
        #expect(crashed?.details?.contains("Fatal error: deliberate crash") == true, "\(crashed?.details ?? "")")
        let suiteFailure = report.tests.first { $0.id == "ArithTests.AdditionSuite/fails()" }
        #expect(suiteFailure?.message?.contains("Expectation failed") == true)
        let hung = report.tests.first { $0.id == "ArithTests.HangTests/testHangs" }
        #expect(hung?.message == "timed out: still running after 5 s (--timeout 5)", "\(hung?.message ?? "")")
        // Swift Testing's events: its crash is pinned on the one test that was running, and the test after it
        // ran again in a batch of its own; its hanging test is stopped on its own.
        let swiftCrash = report.tests.first { $0.id == "ArithTests.CrashingSuite/b_crashes()" }
        #expect(swiftCrash?.message?.contains("while this test was running") == true, "\(swiftCrash?.message ?? "")")
        #expect(
            swiftCrash?.details?.contains("Fatal error: deliberate crash in Swift Testing") == true,
            "\(swiftCrash?.details ?? "")")
        let after = report.tests.first { $0.id == "ArithTests.CrashingSuite/c_after()" }
        let before = report.tests.first { $0.id == "ArithTests.CrashingSuite/a_before()" }
        #expect(after?.batch != nil && after?.batch != before?.batch)
        let swiftHang = report.tests.first { $0.id == "ArithTests.HangingSuite/hangs()" }
        #expect(swiftHang?.message == "timed out: still running after 5 s (--timeout 5)")

        // A stopped hanging test must not outlive the run.
        var left = ProcessTree.pids(containing: package + "/.build")
        for _ in 0..<40 where !left.isEmpty {
            usleep(50_000)
            left = ProcessTree.pids(containing: package + "/.build")
        }
        #expect(left.isEmpty, "test processes still running after the run: \(left)")

        // `swift test` itself, without the tests that crash or hang it.
        let faults = ["CrashTests", "HangTests", "CrashingSuite", "HangingSuite"]
        let direct = try directOutcomes(package, skipping: faults)
        #expect(direct.count == 10, "\(direct)")
        #expect(direct == outcomes.filter { test in !faults.contains { test.key.contains($0) } })
    }

    /// A source edit makes the next run build again; an unchanged package is not built again, whatever tests a
    /// run selects with `--filter` and `--skip` (as `swift test` reads them).
    @Test func aPackageIsBuiltOncePerStateOfItsSourcesAndRunsTheTestsFilterAndSkipSelect() throws {
        let package = try Harness.copyOfSuite("Tests/Fixtures/swift-package")
        defer { try? FileManager.default.removeItem(atPath: package) }
        let swift = try SwiftLog()
        let temporary = try Harness.emptyDirectory()
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        let listed = try Harness.fanout(
            ["run", package, "--list"], environment: swift.environment.merging(["TMPDIR": temporary]) { $1 })
        #expect(listed.exitCode == 0, "\(listed.stdout)\(listed.stderr)")
        #expect(listed.stdout.contains("ArithTests.AdditionTests/testAdds"))
        #expect(try swift.invocations() == SwiftLog.aBuild)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: temporary).isEmpty,
            "SwiftPM's leftovers stay out of the host's TMPDIR")
        let again = try Harness.fanout(["run", package, "--list"], environment: swift.environment)
        #expect(again.stdout == listed.stdout)
        #expect(try swift.invocations().count == SwiftLog.aBuild.count)

        let source = package + "/Sources/Arith/Arith.swift"
        try (String(contentsOfFile: source, encoding: .utf8) + "\n// edited\n").write(
            toFile: source, atomically: true, encoding: .utf8)
        let edited = try Harness.fanout(["run", package, "--list"], environment: swift.environment)
        #expect(edited.stdout == listed.stdout)
        #expect(try swift.invocations().suffix(SwiftLog.aBuild.count) == SwiftLog.aBuild[...])

        let json = package + "/selected.json"
        let selected = try Harness.fanout(
            [
                "run", package, "-n", "2", "--json", json, "--", "--filter", "AdditionTests/testAdds|AdditionSuite",
                "--skip", "fails",
            ], environment: swift.environment)
        #expect(selected.exitCode == 0, "\(selected.stdout)\(selected.stderr)")
        let report = try JSONReportWriter.decode(Data(contentsOf: URL(fileURLWithPath: json)))
        #expect(
            Dictionary(uniqueKeysWithValues: report.tests.map { ($0.id, $0.outcome) }) == [
                "ArithTests.AdditionTests/testAdds": .passed, "ArithTests.AdditionSuite/adds()": .passed,
                "ArithTests.AdditionSuite/positive(value:)": .passed,
            ])
        #expect(try swift.invocations().count == 2 * SwiftLog.aBuild.count)
        // The report that run wrote into the package is not a source: still nothing to build.
        _ = try Harness.fanout(["run", package, "--list"], environment: swift.environment)
        #expect(try swift.invocations().count == 2 * SwiftLog.aBuild.count)
    }

    /// Outcomes of `swift test` run directly: XCTest's from its console lines, Swift Testing's from its XUnit
    /// report, both under the ids `swift test list` prints.
    func directOutcomes(_ package: String, skipping: [String]) throws -> [String: Outcome] {
        let xunit = package + "/direct.xml"
        let run = try Harness.run(
            "/usr/bin/env",
            ["swift", "test", "--skip-build", "--xunit-output", xunit] + skipping.flatMap { ["--skip", $0] },
            directory: package)
        var outcomes: [String: Outcome] = [:]
        let verdicts: [String: Outcome] = ["passed": .passed, "failed": .failed, "skipped": .skipped]
        for line in (run.stdout + run.stderr).split(separator: "\n") where line.hasPrefix("Test Case '") {
            let parts = line.dropFirst("Test Case '".count).split(separator: "'", maxSplits: 1)
            guard parts.count == 2, let dot = parts[0].lastIndex(of: "."),
                let verdict = parts[1].split(separator: " ").first.flatMap({ verdicts[String($0)] })
            else { continue }
            outcomes["ArithTests.\(parts[0][..<dot])/\(parts[0][parts[0].index(after: dot)...])"] = verdict
        }
        let swiftTesting = package + "/direct-swift-testing.xml"
        for testCase in JUnitCase.cases(
            in: try MiniXMLParser.parse(Array(try Data(contentsOf: URL(fileURLWithPath: swiftTesting)))))
        {
            let id =
                testCase.classname.contains(".")
                ? "\(testCase.classname)/\(testCase.name)" : "\(testCase.classname).\(testCase.name)"
            outcomes[id] = testCase.outcome
        }
        return outcomes
    }
}

/// A `swift` on PATH that logs each invocation's arguments, then runs the real one.
struct SwiftLog {
    /// What building and listing the package runs: the build, its bin path, the toolchain's version (for
    /// Swift Testing), and the targets the build's hash covers.
    static let aBuild = ["build --build-tests", "build --show-bin-path", "--version", "package describe --type json"]

    let directory: String
    var log: String { directory + "/invocations" }
    var environment: [String: String] {
        ["PATH": directory + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "")]
    }

    init() throws {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        guard
            let real = path.split(separator: ":").map({ $0 + "/swift" }).first(where: {
                FileManager.default.isExecutableFile(atPath: $0)
            })
        else { throw SwiftLogError() }
        directory = try Harness.emptyDirectory()
        let script = "#!/bin/sh\necho \"$*\" >> \(directory)/invocations\nexec \(real) \"$@\"\n"
        try script.write(toFile: directory + "/swift", atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory + "/swift")
    }

    func invocations() throws -> [String] {
        guard FileManager.default.fileExists(atPath: log) else { return [] }
        return try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    struct SwiftLogError: Error {}
}

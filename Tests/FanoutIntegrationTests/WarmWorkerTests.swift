import FanoutCore
import FanoutReport
import Foundation
import Testing

/// Warm pytest workers: imports paid once per slot, every batch a fresh fork, same outcomes as cold.
@Suite(.serialized) struct WarmWorkerTests {
    func lines(_ path: String) -> [String] {
        ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    func outcomes(_ report: RunReport) -> [String: Outcome] {
        Dictionary(uniqueKeysWithValues: report.tests.map { ($0.id, $0.outcome) })
    }

    @Test func warmWorkersImportOncePerSlotAndEveryBatchStartsClean() throws {
        let suite = try Harness.copyOfSuite("Tests/Fixtures/warm")
        defer { try? FileManager.default.removeItem(atPath: suite) }
        let json = suite + "/report.json"
        let run = try Harness.fanout(["run", suite, "-n", "2", "--json", json])
        #expect(run.exitCode == 0, "\(run.stdout)\(run.stderr)")
        let report = try JSONReportWriter.decode(Data(contentsOf: URL(fileURLWithPath: json)))
        #expect(report.tests.count == 12)
        #expect(report.tests.allSatisfy { $0.outcome == .passed }, "a batch saw state an earlier one left")
        #expect(report.batches.count == 6)
        let importers = lines(suite + "/.imports.log")
        #expect(importers.count == 2, "one import of warm_imports per slot: \(importers)")
        let batches = lines(suite + "/.batches.log").map { $0.split(separator: " ").map(String.init) }
        #expect(batches.count == 6)
        #expect(Set(batches.map { $0[0] }).count == 6, "every batch is its own process")
        #expect(batches.allSatisfy { importers.contains($0[1]) }, "every batch is a fork of a warm worker")
    }

    @Test func coldProcessesGiveTheSameOutcomesAndImportPerBatch() throws {
        let suite = try Harness.copyOfSuite("Examples/python-suite")
        defer { try? FileManager.default.removeItem(atPath: suite) }
        let warm = try Harness.fanout(["run", suite, "-n", "2", "--json", suite + "/warm.json"])
        try? FileManager.default.removeItem(atPath: suite + "/.fanout")
        let cold = try Harness.fanout(["run", suite, "-n", "2", "--no-warm", "--json", suite + "/cold.json"])
        #expect(warm.exitCode == 1 && cold.exitCode == 1, "\(warm.stdout)\(cold.stdout)")
        let warmReport = try JSONReportWriter.decode(Data(contentsOf: URL(fileURLWithPath: suite + "/warm.json")))
        let coldReport = try JSONReportWriter.decode(Data(contentsOf: URL(fileURLWithPath: suite + "/cold.json")))
        #expect(outcomes(warmReport) == outcomes(coldReport))
        #expect(warmReport.counts == coldReport.counts)

        let fixture = try Harness.copyOfSuite("Tests/Fixtures/warm")
        defer { try? FileManager.default.removeItem(atPath: fixture) }
        let run = try Harness.fanout(["run", fixture, "-n", "2", "--no-warm", "--json", fixture + "/report.json"])
        #expect(run.exitCode == 0, "\(run.stdout)")
        #expect(lines(fixture + "/.imports.log").count == 6, "cold: every batch imports for itself")
    }

    /// `-p NAME` changes the order pytest registers plugins in, so the warm worker leaves entry-point plugins
    /// to each batch then; `-p no:NAME` blocks a plugin either way. Outcomes stay those of cold processes.
    @Test(arguments: [["-p", "pytester"], ["-p", "no:cacheprovider"], ["-k", "not slow"]])
    func pluginArgumentsGiveTheSameOutcomesWarmAndCold(arguments: [String]) throws {
        let suite = try Harness.copyOfSuite("Examples/python-suite")
        defer { try? FileManager.default.removeItem(atPath: suite) }
        let warm = try Harness.fanout(["run", suite, "-n", "2", "--json", suite + "/warm.json", "--"] + arguments)
        try? FileManager.default.removeItem(atPath: suite + "/.fanout")
        let cold = try Harness.fanout(
            ["run", suite, "-n", "2", "--no-warm", "--json", suite + "/cold.json", "--"] + arguments)
        #expect(warm.exitCode == 1 && cold.exitCode == 1, "\(warm.stdout)\(cold.stdout)")
        let warmReport = try JSONReportWriter.decode(Data(contentsOf: URL(fileURLWithPath: suite + "/warm.json")))
        let coldReport = try JSONReportWriter.decode(Data(contentsOf: URL(fileURLWithPath: suite + "/cold.json")))
        #expect(outcomes(warmReport) == outcomes(coldReport))
        #expect(!warmReport.tests.isEmpty)
    }

    @Test func aWarmImportThatFailsFallsBackToNewProcesses() throws {
        let suite = try Harness.copyOfSuite("Tests/Fixtures/warm")
        defer { try? FileManager.default.removeItem(atPath: suite) }
        try "warm_imports = [\"warmed\", \"no_such_module_here\"]\n".write(
            toFile: suite + "/fanout.toml", atomically: true, encoding: .utf8)
        let run = try Harness.fanout(["run", suite, "-n", "2"])
        #expect(run.exitCode == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("runs its batches in new processes"), "\(run.stdout)")
        #expect(run.stdout.contains("No module named 'no_such_module_here'"))
        #expect(run.stdout.contains("12 passed"))
    }
}

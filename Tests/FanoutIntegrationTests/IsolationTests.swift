import FanoutCore
import FanoutReport
import Foundation
import Testing

/// Reads what the isolated fixture's setup and teardown logged, and checks a run against it.
struct ClusterLog {
    struct Entry {
        var kind: String
        var scope: String
        var start: Double
        var end: Double
    }

    var entries: [Entry]

    init(suite: String) throws {
        let text = try String(contentsOfFile: suite + "/.cluster/log", encoding: .utf8)
        entries = text.split(separator: "\n").map { line in
            let fields = line.split(separator: " ").map(String.init)
            return Entry(kind: fields[0], scope: fields[1], start: Double(fields[2])!, end: Double(fields[3])!)
        }
    }

    /// The one setup and one teardown, every cluster test between them, every other test before the setup.
    func expectIsolated(_ report: RunReport, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(entries.map(\.kind) == ["setup", "teardown"], sourceLocation: sourceLocation)
        #expect(entries.allSatisfy { $0.scope == "tests/test_cluster.py" }, sourceLocation: sourceLocation)
        guard entries.count == 2 else { return }
        let (setup, teardown) = (entries[0], entries[1])
        for test in report.tests {
            let start = test.startedAt ?? 0
            let end = start + test.duration
            if test.scope == "tests/test_cluster.py" {
                #expect(
                    start >= setup.end && end <= teardown.start, "\(test.id) ran outside its setup..teardown",
                    sourceLocation: sourceLocation)
            } else {
                #expect(
                    end <= setup.start, "\(test.id) ran while the cluster was isolated", sourceLocation: sourceLocation)
            }
        }
    }
}

/// Isolated scopes in real runs: alone across all slots, setup and teardown exactly once around them.
@Suite(.serialized) struct IsolationRunTests {
    @Test func isolatedFileRunsAloneAcrossSlotsBetweenOneSetupAndOneTeardown() throws {
        let suite = try Harness.copyOfSuite("Tests/Fixtures/isolated")
        defer { try? FileManager.default.removeItem(atPath: suite) }
        let json = suite + "/report.json"
        let run = try Harness.fanout(["run", suite, "-n", "2", "--json", json])
        #expect(run.exitCode == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("isolated tests/test_cluster.py: 12 tests in 2 slices, run alone"))
        let report = try JSONReportWriter.decode(Data(contentsOf: URL(fileURLWithPath: json)))
        #expect(report.tests.count == 18)
        #expect(Set(report.tests.map(\.id)).count == 18)
        #expect(report.tests.allSatisfy { $0.outcome == .passed })
        let cluster = report.tests.filter { $0.scope == "tests/test_cluster.py" }
        #expect(Set(cluster.compactMap(\.worker)).count == 2, "the cluster's tests share both slots")
        try ClusterLog(suite: suite).expectIsolated(report)
        #expect(report.scopes.first { $0.id == "tests/test_cluster.py" }?.counts[.passed] == 12)
    }

    @Test func failingSetupErrorsTheIsolatedTestsAndSkipsTheTeardown() throws {
        let suite = try Harness.copyOfSuite("Tests/Fixtures/isolated")
        defer { try? FileManager.default.removeItem(atPath: suite) }
        let json = suite + "/report.json"
        let run = try Harness.fanout(
            ["run", suite, "-n", "2", "--json", json], environment: ["FANOUT_FAIL_SETUP": "1"])
        #expect(run.exitCode == 1, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("`python3 scripts/cluster.py setup` exited with 3"))
        #expect(run.stdout.contains("port 5432 is taken"))
        let report = try JSONReportWriter.decode(Data(contentsOf: URL(fileURLWithPath: json)))
        let cluster = report.tests.filter { $0.scope == "tests/test_cluster.py" }
        #expect(cluster.count == 12)
        #expect(cluster.allSatisfy { $0.outcome == .error && $0.message?.contains("setup command") == true })
        #expect(report.tests.filter { $0.outcome == .passed }.count == 6)
        #expect(!FileManager.default.fileExists(atPath: suite + "/.cluster/log"), "neither setup nor teardown logged")
    }

    @Test func aStaticPlanKeepsTheIsolatedFileWholeInOneShardWithItsCommandsOnce() throws {
        let suite = try Harness.copyOfSuite("Tests/Fixtures/isolated")
        defer { try? FileManager.default.removeItem(atPath: suite) }
        let plan = suite + "/plan.json"
        let made = try Harness.fanout(["plan", suite, "--shards", "2", "--output", plan])
        #expect(made.exitCode == 0, "\(made.stdout)\(made.stderr)")
        var ids: [String] = []
        var logs: [Int] = []
        for index in 1...2 {
            let json = suite + "/shard\(index).json"
            try? FileManager.default.removeItem(atPath: suite + "/.cluster")
            let run = try Harness.fanout([
                "run", suite, "-n", "2", "--shard", "\(index)/2", "--plan", plan, "--json", json,
            ])
            #expect(run.exitCode == 0, "\(run.stdout)\(run.stderr)")
            let report = try JSONReportWriter.decode(Data(contentsOf: URL(fileURLWithPath: json)))
            ids += report.tests.map(\.id)
            if FileManager.default.fileExists(atPath: suite + "/.cluster/log") {
                logs.append(index)
                try ClusterLog(suite: suite).expectIsolated(report)
            }
        }
        #expect(ids.count == 18)
        #expect(Set(ids).count == 18)
        #expect(logs.count == 1, "exactly one shard runs the isolated file and its commands")
    }
}

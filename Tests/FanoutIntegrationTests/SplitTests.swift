import FanoutCore
import FanoutReport
import Foundation
import Testing

/// Splitting one large file into test slices in a real run.
@Suite(.serialized) struct SplitTests {
    @Test func aSplitFileRunsOnSeveralSlotsWithEveryTestOnceAndTheSameOutcomesAsPytest() throws {
        let suite = try Harness.copyOfSuite("Tests/Fixtures/split")
        defer { try? FileManager.default.removeItem(atPath: suite) }
        let junit = suite + "/plain.xml"
        _ = try Harness.run(
            "python3", ["-m", "pytest", "-q", "-p", "no:cacheprovider", "--junitxml", junit], directory: suite)
        let expected = try PytestJUnit.outcomes(at: junit)

        let json = suite + "/report.json"
        let run = try Harness.fanout(["run", suite, "-n", "2", "--split", "tests/test_big.py", "--json", json])
        #expect(run.exitCode == 1, "\(run.stderr)")
        // With no history the big file's estimate grows with its size against the small files'.
        #expect(run.stdout.contains("split tests/test_big.py into 4 slices of its 12 tests"), "\(run.stdout)")
        let report = try JSONReportWriter.decode(Data(contentsOf: URL(fileURLWithPath: json)))
        #expect(PytestJUnit.outcomes(of: report) == expected)
        #expect(report.tests.count == 15)
        #expect(Set(report.tests.map(\.id)).count == 15)
        let bigBatches = report.batches.filter { $0.scopes.contains("tests/test_big.py") }
        #expect(bigBatches.count == 4)
        #expect(Set(bigBatches.map(\.worker)).count == 2)
        let big = try #require(report.scopes.first { $0.id == "tests/test_big.py" })
        #expect(big.counts == OutcomeCounts([.passed: 11, .failed: 1]))
        #expect(big.workers.count == 2)
        #expect(run.stdout.contains("[4/4]"))
        #expect(!run.stdout.contains("[5/4]"))

        // With history, `--split auto` finds the file too long for one slot's share on its own.
        let auto = try Harness.fanout(["run", suite, "-n", "2", "--split", "auto", "--json", json])
        #expect(auto.exitCode == 1)
        #expect(auto.stdout.contains("split tests/test_big.py into"), "\(auto.stdout)")
        let autoReport = try JSONReportWriter.decode(Data(contentsOf: URL(fileURLWithPath: json)))
        #expect(autoReport.tests.count == 15)
        #expect(autoReport.counts == report.counts)
    }
}

/// Static plans for CI matrices: plan, check, and run each shard.
@Suite(.serialized) struct ShardPlanTests {
    @Test func threeShardsTogetherRunEveryTestOnceAndTheCheckCatchesANewFile() throws {
        let suite = try Harness.copyOfSuite("Tests/Fixtures/split")
        defer { try? FileManager.default.removeItem(atPath: suite) }
        let plan = suite + "/plan.json"
        let made = try Harness.fanout(["plan", suite, "--shards", "3", "--output", plan])
        #expect(made.exitCode == 0, "\(made.stderr)")
        let again = try Harness.fanout(["plan", suite, "--shards", "3"])
        #expect(again.stdout == (try String(contentsOfFile: plan, encoding: .utf8)), "plans differ between runs")
        #expect(try Harness.fanout(["plan", suite, "--check", plan]).exitCode == 0)

        var ids: [String] = []
        for index in 1...3 {
            let json = suite + "/shard\(index).json"
            let run = try Harness.fanout([
                "run", suite, "-n", "1", "--shard", "\(index)/3", "--plan", plan, "--json", json,
            ])
            #expect([0, 1].contains(run.exitCode), "\(run.stdout)")
            let report = try JSONReportWriter.decode(Data(contentsOf: URL(fileURLWithPath: json)))
            #expect(!report.tests.isEmpty)
            ids += report.tests.map(\.id)
        }
        #expect(ids.count == 15)
        #expect(Set(ids).count == 15)

        try "def test_new():\n    assert True\n".write(
            toFile: suite + "/tests/test_new.py", atomically: true, encoding: .utf8)
        let check = try Harness.fanout(["plan", suite, "--check", plan])
        #expect(check.exitCode == 1)
        #expect(check.stdout.contains("tests/test_new.py is not in the plan (new file; it would run in shard"))
        let tooMany = try Harness.fanout(["plan", suite, "--shards", "40"])
        #expect(tooMany.exitCode == 4)
        #expect(tooMany.stderr.contains("use at most 16 shards"))
    }
}

/// `fanout report merge` on the reports of a real matrix.
@Suite(.serialized) struct ReportMergeRunTests {
    @Test func theMergeOfThreeShardsEqualsTheFullRunAndAMissingOrRepeatedShardIsRefused() throws {
        let suite = try Harness.copyOfSuite("Tests/Fixtures/split")
        defer { try? FileManager.default.removeItem(atPath: suite) }
        let plan = suite + "/plan.json"
        #expect(try Harness.fanout(["plan", suite, "--shards", "3", "--output", plan]).exitCode == 0)
        let full = try Harness.fanout(["run", suite, "-n", "2", "--json", suite + "/full.json"])
        #expect(full.exitCode == 1, "\(full.stdout)")
        let shards = (1...3).map { suite + "/shard\($0).json" }
        for (index, json) in shards.enumerated() {
            let run = try Harness.fanout(["run", suite, "--shard", "\(index + 1)/3", "--plan", plan, "--json", json])
            #expect([0, 1].contains(run.exitCode), "\(run.stdout)")
        }
        let merged = suite + "/merged.json"
        let junit = suite + "/merged.xml"
        let merge = try Harness.fanout(["report", "merge"] + shards + ["--json", merged, "--junit-xml", junit])
        #expect(merge.exitCode == 1, "failures in the suite make the merge exit 1: \(merge.stdout)\(merge.stderr)")
        #expect(merge.stdout.hasPrefix("fanout: merged 15 tests from 3 reports\n"), "\(merge.stdout)")
        let whole = try JSONReportWriter.decode(Data(contentsOf: URL(fileURLWithPath: suite + "/full.json")))
        let combined = try JSONReportWriter.decode(Data(contentsOf: URL(fileURLWithPath: merged)))
        let outcomes = { (report: RunReport) in
            Dictionary(uniqueKeysWithValues: report.tests.map { ($0.id, $0.outcome) })
        }
        #expect(combined.tests.count == 15)
        #expect(outcomes(combined) == outcomes(whole))
        #expect(combined.counts == whole.counts)
        #expect(Set(combined.scopes.map(\.id)) == Set(whole.scopes.map(\.id)))
        let xml = try String(contentsOfFile: junit, encoding: .utf8)
        #expect(xml.components(separatedBy: "<testcase ").count - 1 == 15)

        let missing = try Harness.fanout(["report", "merge", shards[0], shards[1]])
        #expect(missing.exitCode == 4)
        #expect(missing.stderr.contains("shard 3/3 is missing: give its report too"), "\(missing.stderr)")
        let twice = try Harness.fanout(["report", "merge"] + shards + [shards[2]])
        #expect(twice.exitCode == 4)
        #expect(twice.stderr.contains("shard 3/3 is given twice"), "\(twice.stderr)")
        #expect(twice.stderr.contains("tests are in two reports: "), "\(twice.stderr)")
        let unwritable = try Harness.fanout(
            ["report", "merge"] + shards + ["--json", suite + "/pytest.ini/m.json", "--html", suite + "/m.html"])
        #expect(unwritable.exitCode == 3, "\(unwritable.stderr)")
        #expect(unwritable.stderr.contains("the JSON report was not written"), "\(unwritable.stderr)")
        #expect(FileManager.default.fileExists(atPath: suite + "/m.html"), "the other report is still written")
        let unreadable = try Harness.fanout(["report", "merge", shards[0], suite + "/nothing.json"])
        #expect(unreadable.exitCode == 4)
        #expect(unreadable.stderr.contains("cannot read report \(suite)/nothing.json: no such file"))
    }
}

/// Pinned groups from config in a real run.
@Suite(.serialized) struct PinTests {
    @Test func pinnedFilesRunTogetherInPathOrderOnOneSlot() throws {
        let suite = try Harness.copyOfSuite("Tests/Fixtures/split")
        defer { try? FileManager.default.removeItem(atPath: suite) }
        try "pin = [[\"tests/test_small_*.py\"]]\n".write(
            toFile: suite + "/fanout.toml", atomically: true, encoding: .utf8)
        let json = suite + "/report.json"
        let run = try Harness.fanout(["run", suite, "-n", "2", "--json", json])
        #expect(run.exitCode == 1, "\(run.stderr)")
        let report = try JSONReportWriter.decode(Data(contentsOf: URL(fileURLWithPath: json)))
        let small = report.batches.filter { $0.scopes.contains { $0.hasPrefix("tests/test_small_") } }
        #expect(small.count == 1)
        #expect(small.first?.scopes == ["tests/test_small_0.py", "tests/test_small_1.py", "tests/test_small_2.py"])
        let order = report.tests.filter { $0.scope.hasPrefix("tests/test_small_") }.sorted {
            ($0.startedAt ?? 0) < ($1.startedAt ?? 0)
        }
        #expect(order.map(\.scope) == ["tests/test_small_0.py", "tests/test_small_1.py", "tests/test_small_2.py"])
        #expect(Set(order.compactMap(\.worker)).count == 1)
        #expect(report.tests.count == 15)
    }
}

/// Pinning by pytest mark in a real run.
@Suite(.serialized) struct PinMarkerTests {
    @Test func filesWithMarkedTestsRunTogetherOnOneSlot() throws {
        let suite = try Harness.copyOfSuite("Tests/Fixtures/markers")
        defer { try? FileManager.default.removeItem(atPath: suite) }
        let json = suite + "/report.json"
        let run = try Harness.fanout(["run", suite, "-n", "2", "--json", json])
        #expect(run.exitCode == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("pinned 2 files with tests marked 'serial' to one slot"))
        let report = try JSONReportWriter.decode(Data(contentsOf: URL(fileURLWithPath: json)))
        #expect(report.batches.contains { $0.scopes == ["tests/test_m0.py", "tests/test_m3.py"] })
        #expect(report.tests.count == 8)
    }
}

/// `--smoke N` in real runs.
@Suite(.serialized) struct SmokeTests {
    @Test func smokeTestsRunFirstOnceAndABrokenEnvironmentStopsTheRun() throws {
        let suite = try Harness.copyOfSuite("Tests/Fixtures/environment")
        defer { try? FileManager.default.removeItem(atPath: suite) }
        let json = suite + "/report.json"
        let first = try Harness.fanout(["run", suite, "-n", "2", "--smoke", "3"])
        #expect(first.exitCode == 0)
        #expect(first.stdout.contains("--smoke: no passing tests in the history yet"))

        let healthy = try Harness.fanout(["run", suite, "-n", "2", "--smoke", "3", "--json", json])
        #expect(healthy.exitCode == 0, "\(healthy.stdout)")
        #expect(healthy.stdout.contains("smoke: 3 fast tests run first"))
        let report = try JSONReportWriter.decode(Data(contentsOf: URL(fileURLWithPath: json)))
        #expect(report.tests.count == 12)
        #expect(Set(report.tests.map(\.id)).count == 12)
        #expect(report.batches.min { $0.id < $1.id }?.scopes.count == 3)

        let broken = try Harness.fanout(
            ["run", suite, "-n", "1", "--smoke", "3", "--json", json], environment: ["FANOUT_FIXTURE_BROKEN": "1"])
        #expect(broken.exitCode == 1)
        #expect(
            broken.stdout.contains("all 3 smoke tests failed: the environment looks broken, stopping"),
            "\(broken.stdout)")
        let stopped = try JSONReportWriter.decode(Data(contentsOf: URL(fileURLWithPath: json)))
        #expect(stopped.tests.count == 3)
        #expect(!stopped.notRun.isEmpty)
    }
}

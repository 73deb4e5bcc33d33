import FanoutCore
import Testing

/// `fanout report merge`'s core: every test once, or a refusal that names what is wrong.
@Suite struct ReportMergerTests {
    static let plan = "plan-a"
    static let suite = ["tests/test_a.py", "tests/test_b.py", "tests/test_c.py"]

    /// A report of shard `index` of 3 holding `tests` (ids `file::name`), run on `local` slots.
    func shard(
        _ index: Int?, _ tests: [(String, Outcome)], plan: String = plan, sliced: [String] = [],
        startedAt: Double = 100, duration: Double = 10, exitCode: ExitCode? = nil, notRun: [String] = []
    ) -> NamedReport {
        let worker = WorkerID(host: "local", slot: 1)
        let results = tests.enumerated().map { position, test in
            TestResult(
                id: test.0, scope: String(test.0.split(separator: ":")[0]), outcome: test.1, duration: 1,
                startedAt: startedAt + Double(position), worker: worker, batch: 1)
        }
        var counts = OutcomeCounts()
        for result in results { counts.add(result.outcome) }
        let scopes = Dictionary(grouping: results, by: \.scope).sorted { $0.key < $1.key }.map { scope, tests in
            var scopeCounts = OutcomeCounts()
            for test in tests { scopeCounts.add(test.outcome) }
            return ScopeReport(id: scope, counts: scopeCounts, duration: Double(tests.count), workers: [worker])
        }
        let report = RunReport(
            runID: "run\(index ?? 0)", adapter: "pytest", workspace: "/w", startedAt: startedAt, duration: duration,
            exitCode: exitCode ?? (counts.failures > 0 ? .testsFailed : .allPassed), interrupted: false,
            problems: [], workers: [worker], counts: counts, scopes: scopes, notRun: notRun, tests: results,
            batches: [
                BatchRecord(
                    id: 1, worker: worker, scopes: scopes.map(\.id), startedAt: startedAt, wall: duration, exitCode: 0,
                    signal: nil)
            ],
            shard: index.map {
                ReportShard(index: $0, count: 3, plan: plan, suite: Self.suite, slicedTests: sliced)
            })
        return NamedReport(name: "shard\(index ?? 0).json", report: report)
    }

    func refusal(_ inputs: [NamedReport]) -> [String] {
        do {
            _ = try ReportMerger(inputs).merge()
            return []
        } catch let refusal as ReportMergeRefusal {
            return refusal.reasons
        } catch {
            return ["\(error)"]
        }
    }

    var threeShards: [NamedReport] {
        [
            shard(1, [("tests/test_a.py::t1", .passed), ("tests/test_a.py::t2", .failed)], startedAt: 100),
            shard(2, [("tests/test_b.py::t1", .passed)], startedAt: 103, duration: 20),
            shard(3, [("tests/test_c.py::t1", .skipped)], startedAt: 101),
        ]
    }

    @Test func threeShardsMergeIntoOneReportWithEveryTestOnce() throws {
        let merged = try ReportMerger(threeShards).merge()
        #expect(
            merged.tests.map(\.id).sorted() == [
                "tests/test_a.py::t1", "tests/test_a.py::t2", "tests/test_b.py::t1", "tests/test_c.py::t1",
            ])
        #expect(merged.counts == OutcomeCounts([.passed: 2, .failed: 1, .skipped: 1]))
        #expect(merged.exitCode == .testsFailed)
        #expect(merged.scopes.map(\.id) == Self.suite)
        // From the first start to the last end: 100 to 103 + 20.
        #expect(merged.startedAt == 100)
        #expect(merged.duration == 23)
        #expect(merged.shard == nil)
        #expect(merged.runID == "run1+run2+run3")
    }

    @Test func slotsOfTheSameNameInTwoShardsKeepALaneEachAndBatchesStayUnique() throws {
        let merged = try ReportMerger(threeShards).merge()
        #expect(merged.workers.map(\.description) == ["local@1-s1", "local@2-s1", "local@3-s1"])
        #expect(Set(merged.batches.map(\.id)).count == 3)
        for test in merged.tests {
            let batch = merged.batches.first { $0.id == test.batch }
            #expect(batch?.worker == test.worker, "\(test.id) points at its own shard's batch")
        }
    }

    @Test func aTestInTwoReportsIsRefusedWithItsId() {
        var inputs = threeShards
        inputs[2] = shard(3, [("tests/test_c.py::t1", .passed), ("tests/test_b.py::t1", .passed)])
        let reasons = refusal(inputs)
        #expect(reasons == ["1 tests are in two reports: tests/test_b.py::t1 (shard2.json and shard3.json)"])
    }

    @Test func aMissingShardIsRefusedAndItsFilesNamed() {
        let reasons = refusal(Array(threeShards.prefix(2)))
        #expect(reasons.contains("shard 3/3 is missing: give its report too"))
        #expect(reasons.contains("1 files of the suite are in no report: tests/test_c.py"))
    }

    @Test func aShardGivenTwiceIsRefused() {
        let reasons = refusal(threeShards + [shard(3, [])])
        #expect(reasons.contains("shard 3/3 is given twice: shard3.json, shard3.json"))
    }

    @Test func shardsOfDifferentPlansAreRefused() {
        var inputs = threeShards
        inputs[1] = shard(2, [("tests/test_b.py::t1", .passed)], plan: "plan-b")
        let reasons = refusal(inputs)
        #expect(reasons.count == 1)
        #expect(reasons.first?.hasPrefix("the shards ran different plans (shard1.json: 1/3 of plan plan-a;") == true)
    }

    @Test func aTestOfAFileCutBetweenShardsThatNoReportHasIsRefused() {
        var inputs = threeShards
        inputs[0] = shard(
            1, [("tests/test_a.py::t1", .passed), ("tests/test_a.py::t2", .passed)],
            sliced: ["tests/test_a.py::t1", "tests/test_a.py::t3"])
        #expect(refusal(inputs) == ["1 tests of files cut between shards are in no report: tests/test_a.py::t3"])
    }

    @Test func aFileCutBetweenShardsAddsUpItsParts() throws {
        var inputs = threeShards
        inputs[0] = shard(1, [("tests/test_a.py::t1", .passed)], sliced: ["tests/test_a.py::t1"])
        inputs[1] = shard(
            2, [("tests/test_a.py::t2", .failed), ("tests/test_b.py::t1", .passed)], sliced: ["tests/test_a.py::t2"])
        let merged = try ReportMerger(inputs).merge()
        let fileA = merged.scopes.first { $0.id == "tests/test_a.py" }
        #expect(fileA?.counts == OutcomeCounts([.passed: 1, .failed: 1]))
        #expect(fileA?.duration == 2)
        #expect(fileA?.workers.map(\.description) == ["local@1-s1", "local@2-s1"])
    }

    @Test func aFileAShardReportedNotRunIsNotMissingAndTheMergeSaysItWasInterrupted() throws {
        var inputs = threeShards
        inputs[2] = shard(3, [], exitCode: .interrupted, notRun: ["tests/test_c.py"])
        let merged = try ReportMerger(inputs).merge()
        #expect(merged.notRun == ["tests/test_c.py"])
        #expect(merged.exitCode == .interrupted)
    }

    @Test func reportsOfDifferentFrameworksOrOfShardsAndNoShardAreRefused() {
        var other = shard(nil, [("T/test", .passed)])
        other.report.adapter = "swift"
        let reasons = refusal([threeShards[0], other])
        #expect(reasons.contains { $0.hasPrefix("the reports are of different frameworks (shard1.json is a pytest") })
        #expect(reasons.contains { $0.hasPrefix("shard0.json ran no --shard I/N while shard1.json did") })
    }

    @Test func plainReportsOfDisjointTestsMergeWithoutAShardPlan() throws {
        let first = shard(nil, [("tests/test_a.py::t1", .passed)])
        var second = shard(nil, [("tests/test_b.py::t1", .passed)])
        second.name = "other.json"
        second.report.workers = [WorkerID(host: "h1", slot: 1)]
        second.report.batches[0].worker = WorkerID(host: "h1", slot: 1)
        let merged = try ReportMerger([first, second]).merge()
        #expect(merged.exitCode == .allPassed)
        #expect(merged.counts.total == 2)
        // No slot of the same name in both: the names stay.
        #expect(merged.workers.map(\.description) == ["h1-s1", "local-s1"])
    }

    @Test func theMergedExitCodeIsTheWorstVerdict() throws {
        let passing = [("tests/test_a.py::t1", Outcome.passed)]
        let cases: [([ExitCode], ExitCode)] = [
            ([.allPassed, .allPassed], .allPassed), ([.allPassed, .noTestsCollected], .allPassed),
            ([.testsFailed, .allPassed], .testsFailed), ([.testsFailed, .interrupted], .interrupted),
            ([.interrupted, .internalError], .internalError),
        ]
        for (codes, expected) in cases {
            let inputs = codes.enumerated().map { position, code in
                var input = shard(nil, code == .noTestsCollected ? [] : passing, exitCode: code)
                input.report.tests = input.report.tests.map { test in
                    var test = test
                    test.id += "-\(position)"
                    return test
                }
                return input
            }
            #expect(try ReportMerger(inputs).merge().exitCode == expected, "\(codes)")
        }
    }

    @Test func noReportsIsARefusalNotACrash() {
        #expect(refusal([]) == ["no reports were given"])
    }
}

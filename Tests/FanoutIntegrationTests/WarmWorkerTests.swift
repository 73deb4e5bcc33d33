import FanoutCore
import FanoutReport
import Foundation
import Testing

/// Warm pytest workers: imports paid once per host (in its zygote), a worker per slot forked from it, every batch
/// a fresh fork of the slot's worker, same outcomes as cold.
@Suite(.serialized) struct WarmWorkerTests {
    func lines(_ path: String) -> [String] {
        ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    func outcomes(_ report: RunReport) -> [String: Outcome] {
        Dictionary(uniqueKeysWithValues: report.tests.map { ($0.id, $0.outcome) })
    }

    /// The fixture's tests are TestCases, so pytest's warm worker and unittest's run the very same files.
    @Test(arguments: ["pytest", "unittest"])
    func warmWorkersImportOncePerSlotAndEveryBatchStartsClean(adapter: String) throws {
        let suite = try Harness.copyOfSuite("Tests/Fixtures/warm")
        defer { try? FileManager.default.removeItem(atPath: suite) }
        let json = suite + "/report.json"
        let run = try Harness.fanout(["run", suite, "-n", "2", "--adapter", adapter, "--json", json])
        #expect(run.exitCode == 0, "\(run.stdout)\(run.stderr)")
        let report = try JSONReportWriter.decode(Data(contentsOf: URL(fileURLWithPath: json)))
        #expect(report.tests.count == 12)
        #expect(report.tests.allSatisfy { $0.outcome == .passed }, "a batch saw state an earlier one left")
        #expect(report.batches.count == 6)
        let importers = lines(suite + "/.imports.log")
        #expect(importers.count == 1, "one import of warm_imports per host, in its zygote: \(importers)")
        let batches = lines(suite + "/.batches.log").map { $0.split(separator: " ").map(String.init) }
        #expect(batches.count == 6)
        #expect(Set(batches.map { $0[0] }).count == 6, "every batch is its own process")
        #expect(Set(batches.map { $0[1] }).count == 2, "one warm worker per slot: \(batches)")
        #expect(batches.allSatisfy { $0[2] == importers.first }, "every slot's worker is a fork of the zygote")
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

    /// One file per batch in a flat directory: each batch's collection lists only its own entries, yet every
    /// test runs exactly once with pytest's own outcome, warm and cold, and a pytest session a test starts
    /// itself still collects every file of its own.
    @Test(arguments: [[String](), ["--no-warm"]])
    func oneFileBatchesInAFlatDirectoryRunEveryTestOnceAsPytestDoes(mode: [String]) throws {
        let suite = try Harness.copyOfSuite("Tests/Fixtures/flat")
        defer { try? FileManager.default.removeItem(atPath: suite) }
        let junit = suite + "/plain.xml"
        _ = try Harness.run(
            "python3", ["-m", "pytest", "-q", "-p", "no:cacheprovider", "--junitxml", junit], directory: suite)
        let expected = try PytestJUnit.outcomes(at: junit)
        #expect(expected.count == 32)

        let json = suite + "/report.json"
        let run = try Harness.fanout(["run", suite, "-n", "2", "--max-batch-files", "1", "--json", json] + mode)
        #expect(run.exitCode == 0, "\(run.stdout)\(run.stderr)")
        let report = try JSONReportWriter.decode(Data(contentsOf: URL(fileURLWithPath: json)))
        #expect(PytestJUnit.outcomes(of: report) == expected)
        #expect(report.tests.count == 32)
        #expect(Set(report.tests.map(\.id)).count == 32)
        #expect(report.batches.count == 32)
    }

    /// Each warm worker keeps a child forked ahead of its next batch; when the run ends, neither outlives it.
    @Test func noWarmWorkerOrChildWaitingForABatchOutlivesTheRun() throws {
        let suite = try Harness.copyOfSuite("Tests/Fixtures/warm")
        let temporary = try Harness.emptyDirectory()
        defer {
            try? FileManager.default.removeItem(atPath: suite)
            try? FileManager.default.removeItem(atPath: temporary)
        }
        let run = try Harness.fanout(["run", suite, "-n", "2"], environment: ["TMPDIR": temporary])
        #expect(run.exitCode == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("12 passed"))
        var left = ProcessTree.pids(containing: temporary)
        for _ in 0..<40 where !left.isEmpty {
            usleep(50_000)
            left = ProcessTree.pids(containing: temporary)
        }
        #expect(left.isEmpty, "still running after the run: \(left)")
    }

    func records(_ path: String) -> [[String: Any]] {
        lines(path).compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    /// With a core to spare (fewer slots than CPUs), a worker's first three children report the pages they wrote,
    /// before the agent ends their process group, and every later child copies those pages before its batch
    /// arrives; with a slot on every core nothing is copied ahead. Read from the worker's own statistics.
    @Test func childrenAfterTheLearnersCopyAheadOnlyWhereACoreIsSpare() throws {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        for slots in Set([1, cores]) {
            let suite = try Harness.copyOfSuite("Tests/Fixtures/warm")
            defer { try? FileManager.default.removeItem(atPath: suite) }
            let stats = suite + "/warm-stats.jsonl"
            let run = try Harness.fanout(
                ["run", suite, "-n", String(slots), "--max-batch-files", "1"], environment: ["FANOUT_WARM_STATS": stats]
            )
            #expect(run.exitCode == 0, "\(run.stdout)\(run.stderr)")
            #expect(run.stdout.contains("12 passed"))
            let recorded = records(stats)
            let children = recorded.filter { $0["pid"] != nil }
            let learned = recorded.compactMap { $0["learnedPages"] as? Int }
            #expect(children.count >= 6, "every batch's child (and those left waiting) records: \(children)")
            guard slots < cores else {
                #expect(children.allSatisfy { $0["copyAhead"] as? Bool == false && $0["learner"] as? Bool == false })
                #expect(learned.isEmpty)
                continue
            }
            #expect(children.allSatisfy { $0["copyAhead"] as? Bool == true })
            #expect(children.filter { $0["learner"] as? Bool == true }.count == 3)
            #expect(learned.count == 3 && learned.allSatisfy { $0 > 100 }, "learned pages: \(learned)")
            let copiers = children.filter { $0["learner"] as? Bool == false }
            #expect(
                copiers.allSatisfy { ($0["copiedPages"] as? Int ?? 0) > 100 || $0["supported"] as? Bool == false },
                "\(copiers)")
        }
    }

    /// A batch that kills the worker's other children (those forked ahead, waiting for a batch) neither stalls
    /// the slot nor sends it back to new processes: the worker forks replacements and every later batch is
    /// still a fork of it.
    @Test func childrenKilledWhileTheyWaitAreReplaced() throws {
        let suite = try Harness.emptyDirectory()
        defer { try? FileManager.default.removeItem(atPath: suite) }
        try FileManager.default.createDirectory(atPath: suite + "/tests", withIntermediateDirectories: true)
        let record = """
            import os


            def test_records_its_process():
                with open(os.path.join(os.path.dirname(__file__), "..", "batches.log"), "a") as log:
                    log.write("%d %d %s\\n" % (os.getpid(), os.getppid(), __name__))

            """
        // The biggest file goes first on a run without history.
        let killer = """
            import os, signal
            \(String(repeating: "# padding to make this file the biggest, so it runs first\n", count: 200))

            def test_kills_the_children_waiting_beside_it():
                killed = []
                for entry in filter(str.isdigit, os.listdir("/proc")):
                    try:
                        with open("/proc/%s/stat" % entry) as stat:
                            parent = int(stat.read().rsplit(")", 1)[1].split()[1])
                    except (OSError, ValueError, IndexError):
                        continue
                    if parent == os.getppid() and int(entry) != os.getpid():
                        os.kill(int(entry), signal.SIGKILL)
                        killed.append(entry)
                assert killed

            """ + record
        try killer.write(toFile: suite + "/tests/test_a_killer.py", atomically: true, encoding: .utf8)
        for index in 1...5 {
            try record.write(toFile: suite + "/tests/test_b\(index).py", atomically: true, encoding: .utf8)
        }
        let json = suite + "/report.json"
        let run = try Harness.fanout(["run", suite, "-n", "1", "--max-batch-files", "1", "--json", json])
        #expect(run.exitCode == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("7 passed"), "\(run.stdout)")
        #expect(!run.stdout.contains("new processes"), "\(run.stdout)")
        let batches = lines(suite + "/batches.log").map { $0.split(separator: " ").map(String.init) }
        #expect(batches.count == 6)
        #expect(batches.first?[2] == "test_a_killer", "the killer ran first: \(batches)")
        #expect(Set(batches.map { $0[1] }).count == 1, "every batch, before and after, is a fork of one worker")
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

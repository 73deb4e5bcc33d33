import FanoutAdapters
import FanoutCore
import Testing

@Suite struct PytestCoverageTests {
    @Test func noCovOptionMeansNoCoverage() {
        #expect(PytestCoverage.requested(by: []) == nil)
        #expect(PytestCoverage.requested(by: ["-x", "--cov-report=term", "--cov-branch"]) == nil)
    }

    @Test func sourcesAreReadAsArgparseReadsAnOptionalValue() {
        let coverage = PytestCoverage.requested(by: ["--cov=pkg", "--cov", "src", "--cov", "-x", "--cov="])
        #expect(coverage?.sources == ["pkg", "src", nil, ""])
    }

    @Test func noCovOrAResetAfterTheLastSourceTurnsItOff() {
        #expect(PytestCoverage.requested(by: ["--cov=pkg", "--no-cov"]) == nil)
        #expect(PytestCoverage.requested(by: ["--no-cov", "--cov=pkg"]) == nil)
        #expect(PytestCoverage.requested(by: ["--cov=pkg", "--cov-reset"]) == nil)
        #expect(PytestCoverage.requested(by: ["--cov=a", "--cov-reset", "--cov=b"])?.sources == ["b"])
    }

    @Test func reportOptionsInBothSpellingsAndInOrder() throws {
        let coverage = try #require(
            PytestCoverage.requested(by: [
                "--cov=pkg", "--cov-report", "term-missing", "--cov-report=html:out", "--cov-config", "setup.cfg",
                "--cov-fail-under=87.5", "--cov-precision", "2", "--cov-branch", "--cov-append", "--no-cov-on-fail",
            ]))
        #expect(coverage.reports == ["term-missing", "html:out"])
        #expect(coverage.config == "setup.cfg")
        #expect(coverage.failUnder == 87.5)
        #expect(coverage.precision == 2)
        #expect(coverage.branch == true && coverage.append && coverage.noCovOnFail)
    }

    @Test func theDefaultsLeaveEverythingToCoveragesConfiguration() throws {
        let coverage = try #require(PytestCoverage.requested(by: ["--cov"]))
        #expect(coverage.config == ".coveragerc" && coverage.reports.isEmpty)
        #expect(coverage.branch == nil && coverage.failUnder == nil && coverage.precision == nil)
    }

    @Test func argumentsAfterADoubleDashAreNotOptions() {
        #expect(PytestCoverage.requested(by: ["--", "--cov=pkg"]) == nil)
    }

    @Test func eachBatchAttemptWritesItsOwnDataFileBelowTheRunsDirectory() {
        let worker = WorkerID(host: "h1", slot: 2)
        let file = CoverageDataFiles.batchFile(workspace: "/ws", runID: "r1", worker: worker, batch: 7, attempt: "a")
        #expect(file == "/ws/.fanout/coverage/r1/h1-s2/7-a/.coverage")
        #expect(file.hasPrefix(CoverageDataFiles.runDirectory(workspace: "/ws", runID: "r1") + "/"))
    }

    @Test func aBatchUnderCoverageGetsItsDataFileAndTheWarmWorkerNoWarmImports() throws {
        var context = SlotContext(
            runID: "r1", worker: WorkerID(host: "local", slot: 1), globalSlot: 0, totalSlots: 1, workspace: "/ws",
            temporaryDirectory: "/tmp/t", supportDirectory: "/tmp/s", executable: "python3",
            frameworkArgs: ["--cov=pkg"], baseEnvironment: [:], warm: true, warmImports: ["numpy"])
        let batch = Batch(id: 3, scopes: ["tests/test_a.py"], expectedSeconds: 1)
        let plain = PytestBatchRunner().command(for: batch, in: context)
        #expect(plain.environment["COVERAGE_FILE"] == nil && plain.environment["FANOUT_COVERAGE"] == nil)
        context.measuresCoverage = true
        let measured = PytestBatchRunner().command(for: batch, in: context)
        let dataFile = try #require(measured.environment["COVERAGE_FILE"])
        #expect(dataFile.hasPrefix("/ws/.fanout/coverage/r1/local-s1/3-"))
        #expect(measured.environment["FANOUT_COVERAGE"] == "1")
        let again = PytestBatchRunner().command(for: batch, in: context)
        #expect(again.environment["COVERAGE_FILE"] != dataFile, "a retry must not erase the first attempt's data")
        let warm = try #require(PytestBatchRunner().warmWorkerCommand(in: context))
        #expect(warm.environment["FANOUT_WARM_IMPORTS"] == "" && warm.environment["FANOUT_COVERAGE"] == "1")
    }
}

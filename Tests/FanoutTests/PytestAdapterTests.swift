import FanoutAdapters
import FanoutCore
import Testing

@Suite struct PytestAdapterTests {
    let worker = WorkerID(host: "local", slot: 1)
    let batch = Batch(id: 4, scopes: ["tests/test_a.py", "tests/test_b.py", "tests/sub/test_c.py"], expectedSeconds: 3)

    func outcome(
        exit: Int32?, signal: Int32? = nil, results: [TestResult] = [], unfinished: [(String, String, Double)] = [],
        cancelled: Bool = false, end: SessionEnd? = nil
    ) -> BatchProcessOutcome {
        var tail = OutputTail()
        tail.append(
            Array("line one\nERROR: usage: pytest [options]\npytest: error: unrecognized arguments: --bogus\n".utf8))
        return BatchProcessOutcome(
            batch: batch, worker: worker, exitCode: exit, signal: signal, results: results,
            unfinished: unfinished.map { (testID: $0.0, scope: $0.1, startedAt: $0.2) }, outputTail: tail,
            cancelled: cancelled, sessionEnd: end)
    }

    @Test(arguments: [Int32(0), 1, 5])
    func aSessionThatSaidItEndedAndExitedNormallyAddsNothing(code: Int32) {
        #expect(
            PythonBatchFinisher().finish(outcome(exit: code, end: SessionEnd(exitStatus: Int(code)))) == BatchFinish())
    }

    @Test(arguments: [Int32(0), 1, 5])
    func aNormalExitCodeWithoutTheEndLineIsAnAbnormalEnd(code: Int32) {
        // A Django test database that cannot be created: a traceback, exit 1, no test ever reported.
        let finish = PythonBatchFinisher(framework: "Django's test runner", usageExitCode: nil)
            .finish(outcome(exit: code))
        #expect(finish.incomplete == batch.scopes, "never 'no tests ran'")
        #expect(finish.usageError == nil)
    }

    @Test func testsASessionStoppedOnItsOwnAreNotRunAndOnesItForgotRunAgain() {
        let ran = TestResult(id: "tests/test_a.py::one", scope: "tests/test_a.py", outcome: .failed)
        let left = [
            SessionEnd.Unreported(id: "tests/test_a.py::one", scope: "tests/test_a.py"),
            SessionEnd.Unreported(id: "tests/test_a.py::two", scope: "tests/test_a.py"),
            SessionEnd.Unreported(id: "tests/test_b.py::three", scope: "tests/test_b.py"),
        ]
        let stopped = PythonBatchFinisher().finish(
            outcome(
                exit: 1, results: [ran],
                end: SessionEnd(exitStatus: 1, stopped: "stopping after 1 failures", unreported: left)))
        #expect(stopped == BatchFinish(notRun: ["tests/test_a.py", "tests/test_b.py"]))
        let forgot = PythonBatchFinisher().finish(
            outcome(exit: 0, results: [ran], end: SessionEnd(exitStatus: 0, unreported: left)))
        #expect(forgot == BatchFinish(incomplete: ["tests/test_a.py", "tests/test_b.py"]))
    }

    @Test func exitFourWithoutResultsIsAUsageError() throws {
        let finish = PythonBatchFinisher().finish(outcome(exit: 4))
        let message = try #require(finish.usageError)
        #expect(message.contains("unrecognized arguments: --bogus"))
        #expect(finish.extraResults.isEmpty)
    }

    @Test func aCrashErrorsTheRunningTestAndSendsTheBatchBackAsIncomplete() {
        let reported = TestResult(id: "tests/test_a.py::ok", scope: "tests/test_a.py", outcome: .passed)
        let finish = PythonBatchFinisher().finish(
            outcome(
                exit: nil, signal: 11, results: [reported],
                unfinished: [("tests/test_b.py::boom", "tests/test_b.py", 5)]))
        #expect(finish.extraResults.map(\.id) == ["tests/test_b.py::boom"])
        #expect(finish.extraResults.allSatisfy { $0.outcome == .error && $0.worker == worker && $0.batch == 4 })
        #expect(
            finish.extraResults[0].message
                == "the test process was killed by signal 11 (SIGSEGV) while this test was running")
        #expect(finish.extraResults[0].details?.contains("unrecognized") == true)
        #expect(finish.incomplete == batch.scopes, "the controller decides what runs again")
    }

    @Test func anErrorOfOneTestDoesNotExcuseTheRestOfItsFileFromRunningAgain() {
        let failed = TestResult(id: "tests/test_a.py::errors", scope: "tests/test_a.py", outcome: .error)
        let finish = PythonBatchFinisher().finish(
            outcome(
                exit: nil, signal: 6, results: [failed], unfinished: [("tests/test_a.py::aborts", "tests/test_a.py", 1)]
            ))
        #expect(finish.incomplete == batch.scopes)
        let session = TestResult(id: "", scope: "tests/test_a.py", outcome: .error)
        #expect(PythonBatchFinisher().finish(outcome(exit: 3, results: [session])).incomplete.isEmpty)
    }

    @Test func aDirectoryCollectionErrorCoversTheFilesBelowIt() {
        let dirError = TestResult(id: "tests/sub", scope: "tests/sub", outcome: .error)
        let finish = PythonBatchFinisher().finish(outcome(exit: 2, results: [dirError]))
        #expect(finish.extraResults.isEmpty)
        #expect(finish.incomplete == ["tests/test_a.py", "tests/test_b.py"])
    }

    @Test func cancelledBatchesAddNothing() {
        #expect(PythonBatchFinisher().finish(outcome(exit: nil, signal: 15, cancelled: true)) == BatchFinish())
    }

    @Test func decodesPluginLines() {
        let runner = PytestBatchRunner()
        let batch = Batch(id: 1, scopes: ["t.py"], expectedSeconds: 1)
        let start = #"{"event": "start", "id": "t.py::a[x y]", "scope": "t.py", "at": 12.5}"#
        #expect(
            runner.decode(line: Array(start.utf8), batch: batch)
                == .started(testID: "t.py::a[x y]", scope: "t.py", at: 12.5))
        let finish =
            #"{"event": "finish", "id": "t.py::a", "scope": "t.py", "outcome": "xpassed", "duration": 0.5, "at": 1.0, "message": "m", "details": null, "stdout": "o", "stderr": null}"#
        #expect(
            runner.decode(line: Array(finish.utf8), batch: batch)
                == .finished(
                    TestResult(
                        id: "t.py::a", scope: "t.py", outcome: .xpassed, duration: 0.5, startedAt: 1, message: "m",
                        stdout: "o")))
        #expect(runner.decode(line: Array("not json".utf8), batch: batch) == nil)
        #expect(
            runner.decode(
                line: Array(#"{"event": "finish", "id": "x", "scope": "x", "outcome": "weird"}"#.utf8), batch: batch)
                == nil
        )
        let end =
            #"{"event": "end", "exitstatus": 1, "stopped": "stopping after 1 failures", "unreported": [{"id": "t.py::b", "scope": "t.py"}]}"#
        #expect(
            runner.decode(line: Array(end.utf8), batch: batch)
                == .sessionEnded(
                    SessionEnd(
                        exitStatus: 1, stopped: "stopping after 1 failures",
                        unreported: [SessionEnd.Unreported(id: "t.py::b", scope: "t.py")])))
    }

    @Test func commandPassesIdsAsArgvAndSetsTheWorkerEnvironment() {
        let context = SlotContext(
            runID: "run1", worker: WorkerID(host: "h2", slot: 3), globalSlot: 7, totalSlots: 12, workspace: "/w",
            temporaryDirectory: "/tmp/s3", supportDirectory: "/tmp/support", executable: "python3",
            frameworkArgs: ["-k", "not slow"], baseEnvironment: ["PATH": "/bin"])
        let command = PytestBatchRunner().command(
            for: Batch(id: 1, scopes: ["tests/a b.py", "-odd.py"], expectedSeconds: 1), in: context)
        #expect(command.arguments.first == "python3")
        #expect(
            Array(command.arguments.suffix(6)) == [
                "--continue-on-collection-errors", "-k", "not slow", ".", "--fanout-file=tests/a b.py",
                "--fanout-file=-odd.py",
            ])
        #expect(command.workingDirectory == "/w")
        #expect(command.environment["FANOUT_WORKER"] == "h2-s3")
        #expect(command.environment["PYTEST_XDIST_WORKER"] == "gw7")
        #expect(command.environment["PYTEST_XDIST_WORKER_COUNT"] == "12")
        #expect(command.environment["TMPDIR"] == "/tmp/s3")
        #expect(command.environment["FANOUT_RESULT_FD"] == "3")
        #expect(command.environment["PATH"] == "/bin")
    }
}

@Suite struct PytestSelectionTests {
    @Test func aFileBesideASliceIsNamedAsItIs() {
        #expect(PytestSelection.arguments(wholeFiles: ["-odd.py"], testIDs: []) == [".", "--fanout-file=-odd.py"])
        #expect(PytestSelection.arguments(wholeFiles: [], testIDs: ["-odd.py::t"]) == ["./-odd.py::t"])
        #expect(
            PytestSelection.arguments(wholeFiles: ["t/a.py"], testIDs: ["t/big.py::T::x[1]"])
                == ["t/a.py", "t/big.py::T::x[1]"])
    }

    @Test func manyFilesAreTheirOutermostDirectoriesPlusOneFanoutFileEach() {
        let arguments = PytestSelection.arguments(
            wholeFiles: ["tests/a.py", "tests/sub/b.py", "other/c.py", "-top.py"], testIDs: ["tests/big.py::t"])
        #expect(
            arguments == [
                "other", "tests/sub", "--fanout-file=tests/sub/b.py", "--fanout-file=other/c.py", "tests/a.py",
                "./-top.py", "tests/big.py::t",
            ])
        let nested = PytestSelection.arguments(wholeFiles: ["tests/sub/b.py", "tests/a.py"], testIDs: [])
        #expect(nested == ["tests", "--fanout-file=tests/sub/b.py", "--fanout-file=tests/a.py"])
        let besideASlice = PytestSelection.arguments(
            wholeFiles: ["tests/a.py", "tests/b.py", "other/c.py", "other/d.py"], testIDs: ["tests/sub/big.py::t"])
        #expect(
            besideASlice == [
                "other", "--fanout-file=other/c.py", "--fanout-file=other/d.py", "tests/a.py", "tests/b.py",
                "tests/sub/big.py::t",
            ])
    }
}

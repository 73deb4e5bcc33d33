import FanoutCore
import FanoutReport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The controller's own outputs failing: a reader that goes away, closed descriptors, a terminal that hangs
/// up, a report directory that is full or read-only. None of them may crash the run or cost a report.
@Suite(.serialized) struct ConsoleFaultTests {
    /// Per-test outcomes of the example suite run with a console nobody reads, to compare against.
    func expectedOutcomes() throws -> [String: Outcome] {
        let suite = try Harness.copyOfSuite("Examples/python-suite")
        defer { try? FileManager.default.removeItem(atPath: suite) }
        let json = suite + "/report.json"
        let result = try Harness.fanout(["run", suite, "-n", "2", "--json", json])
        #expect(result.exitCode == 1)
        return try outcomes(json)
    }

    func outcomes(_ json: String) throws -> [String: Outcome] {
        let report = try JSONReportWriter.decode(Data(contentsOf: URL(fileURLWithPath: json)))
        return Dictionary(uniqueKeysWithValues: report.tests.map { ($0.id, $0.outcome) })
    }

    @Test func aReaderThatStopsAfterTwoLinesCostsNothingButTheConsole() throws {
        let expected = try expectedOutcomes()
        let suite = try Harness.copyOfSuite("Examples/python-suite")
        defer { try? FileManager.default.removeItem(atPath: suite) }
        let json = suite + "/report.json"
        let junit = suite + "/junit.xml"
        // `fanout run | head -2`: the reader closes its end after two lines.
        let running = try Harness.start(
            Harness.fanoutPath, ["run", suite, "-n", "2", "--json", json, "--junit-xml", junit])
        var seen = Data()
        while String(decoding: seen, as: UTF8.self).split(separator: "\n").count < 2 {
            let chunk = running.stdout.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen.append(chunk)
        }
        try running.stdout.fileHandleForReading.close()
        let errors = running.stderr.fileHandleForReading.readDataToEndOfFile()
        running.process.waitUntilExit()
        let stderr = String(decoding: errors, as: UTF8.self)
        #expect(running.process.terminationReason == .exit)
        #expect(running.process.terminationStatus == 1, "pytest's code for failed tests: \(stderr)")
        #expect(!stderr.contains("Fatal error") && !stderr.contains("crashed"), "\(stderr)")
        #expect(try outcomes(json) == expected)
        #expect(FileManager.default.fileExists(atPath: junit))
        #expect(FileManager.default.fileExists(atPath: suite + "/.fanout/history.json"))
    }

    @Test func closedStandardOutputAndErrorAtStartAreNoReasonToFail() throws {
        let expected = try expectedOutcomes()
        let suite = try Harness.copyOfSuite("Examples/python-suite")
        defer { try? FileManager.default.removeItem(atPath: suite) }
        let json = suite + "/report.json"
        let result = try Harness.run(
            "/bin/sh",
            ["-c", "exec \"$0\" \"$@\" >&- 2>&-", Harness.fanoutPath, "run", suite, "-n", "2", "--json", json])
        #expect(result.exitCode == 1)
        #expect(try outcomes(json) == expected, "a closed descriptor 1 never becomes one of the run's pipes")
    }

    @Test func aHangupStopsTheRunAsCtrlCDoesWithItsReportsAndHistory() throws {
        let hang = try HangingRun.start(tokenPrefix: "fanout-hup")
        let (suite, token, json) = (hang.suite, hang.token, hang.json)
        defer { try? FileManager.default.removeItem(atPath: suite) }
        #expect(ProcessTree.pids(containing: token).count == 1, "the hanging test never started")
        kill(hang.running.process.processIdentifier, SIGHUP)
        let result = Harness.finish(hang.running)
        #expect(result.exitCode == 2, "\(result.stdout)\(result.stderr)")
        let report = try JSONReportWriter.decode(Data(contentsOf: URL(fileURLWithPath: json)))
        #expect(report.interrupted)
        #expect(report.tests.map(\.id) == ["test_quick.py::test_quick"])
        #expect(report.notRun == ["test_hang.py"])
        let history = try String(contentsOfFile: suite + "/.fanout/history.json", encoding: .utf8)
        #expect(history.contains("test_quick.py::test_quick"))
        usleep(300_000)
        #expect(ProcessTree.pids(containing: token).isEmpty, "a test process outlived the hangup")
    }

    @Test(arguments: [("full", "No space left on device"), ("readonly", "Read-only file system")])
    func aReportThatCannotBeWrittenIsNamedAndTheOthersAreStillWritten(directory: String, why: String) throws {
        let suite = try Harness.copyOfSuite("Examples/python-suite")
        defer { try? FileManager.default.removeItem(atPath: suite) }
        for name in ["full", "readonly", "fine"] {
            try FileManager.default.createDirectory(atPath: suite + "/" + name, withIntermediateDirectories: true)
        }
        // In a mount namespace of its own: a 64 KiB file system filled to the last block, and a read-only one.
        let script = """
            set -e
            mount -t tmpfs -o size=64k tmpfs "$1/full"
            dd if=/dev/zero of="$1/full/filler" bs=4k 2>/dev/null || true
            mount -t tmpfs -o ro tmpfs "$1/readonly"
            shift
            exec "$@"
            """
        let broken = "\(suite)/\(directory)/report.json"
        let junit = suite + "/fine/report.xml"
        let result = try Harness.run(
            "unshare",
            [
                "-m", "--propagation", "private", "/bin/sh", "-c", script, "sh", suite, Harness.fanoutPath, "run",
                suite, "-n", "2", "--json", broken, "--junit-xml", junit,
            ])
        #expect(result.exitCode == 3, "a report that could not be written is an internal error: \(result.stderr)")
        #expect(result.stderr.contains("cannot write \(broken): \(why)"), "\(result.stderr)")
        let xml = try String(contentsOfFile: junit, encoding: .utf8)
        #expect(xml.contains("<testcase"), "the JUnit report is still written")
        #expect(FileManager.default.fileExists(atPath: suite + "/.fanout/history.json"), "and so is the history")
        #expect(!FileManager.default.fileExists(atPath: broken))
    }
}

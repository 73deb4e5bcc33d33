import FanoutCore
import FanoutPosix
import Foundation

/// Runs a batch of a Swift package's tests with `swift test --skip-build --filter` (XCTest and Swift Testing
/// together). XCTest's console lines, on the result stream, give results as tests end (a crash is pinned on
/// the test that was running); Swift Testing's results come from its XUnit report when the batch is over.
public struct SwiftBatchRunner: BatchRunning {
    public var name: String { "swift" }

    public init() {}

    public func prepare(supportDirectory: String) throws {}

    /// Builds the package and its tests once per host (SwiftPM's build cache makes a built package a no-op).
    public func prepareWorkspace(in context: SlotContext) throws {
        let (termination, output) = try CapturedCommand.run(
            ["swift", "build", "--build-tests"] + context.frameworkArgs, workspace: context.workspace,
            environment: context.baseEnvironment)
        guard termination == .exited(0) else {
            throw DiscoveryError(
                "`swift build --build-tests` failed on this host (\(termination)):\n\(output.lastLines(30))")
        }
    }

    public func command(for batch: Batch, in context: SlotContext) -> BatchCommand {
        let report = (context.temporaryDirectory as NSString).appendingPathComponent("fanout-batch-\(batch.id).xml")
        try? FileManager.default.removeItem(atPath: Self.swiftTestingReport(report))
        return BatchCommand(
            arguments: Self.lineBuffered + ["swift", "test"] + context.frameworkArgs
                + ["--skip-build", "--filter", SwiftTestIDs.filter(batch.scopes), "--xunit-output", report],
            environment: context.testEnvironment, workingDirectory: context.workspace,
            // XCTest prints its results on stdout: stdout is the result stream.
            resultDescriptor: 1, resultFile: report)
    }

    /// XCTest prints through C stdio, which buffers whole blocks into a pipe: without line buffering a test's
    /// `started` line arrives only when the process ends, too late for timeouts and crash attribution.
    static let lineBuffered: [String] =
        FileManager.default.isExecutableFile(atPath: "/usr/bin/stdbuf") ? ["/usr/bin/stdbuf", "-oL", "-eL"] : []

    /// Where Swift Testing writes its XUnit report when asked for `path`.
    static func swiftTestingReport(_ path: String) -> String {
        String(path.dropLast(4)) + "-swift-testing.xml"
    }

    public func decode(line: [UInt8], batch: Batch) -> AdapterEvent? {
        XCTestConsole.decode(String(decoding: line, as: UTF8.self), scopes: batch.scopes)
    }

    public func finish(_ outcome: BatchProcessOutcome) -> BatchFinish {
        if outcome.cancelled { return BatchFinish() }
        var extra: [TestResult] = []
        let crashed = outcome.signal != nil || ![0, 1].contains(outcome.exitCode ?? -1)
        let how = outcome.signal.map { "was killed by signal \($0)" } ?? "exited with \(outcome.exitCode ?? -1)"
        for test in outcome.unfinished {
            extra.append(PythonBatchFinisher.unfinished(test, outcome: outcome, how: how))
        }
        if let path = outcome.resultFile,
            let data = FileManager.default.contents(atPath: Self.swiftTestingReport(path)),
            let document = try? MiniXMLParser.parse(Array(data))
        {
            for testCase in JUnitCase.cases(in: document) {
                let function = testCase.classname + "." + testCase.name
                let isFunction = outcome.batch.scopes.contains(function)
                extra.append(
                    TestResult(
                        id: isFunction ? function : testCase.classname + "/" + testCase.name,
                        scope: isFunction ? function : testCase.classname, outcome: testCase.outcome,
                        duration: testCase.seconds, message: testCase.message, details: testCase.details,
                        worker: outcome.worker, batch: outcome.batch.id))
            }
        }
        let reported = Set((outcome.results + extra).map(\.scope))
        if crashed {
            for scope in outcome.batch.scopes where !reported.contains(scope) {
                extra.append(
                    TestResult(
                        id: scope, scope: scope, outcome: .error,
                        message: "swift test \(how) before reporting any test of this scope",
                        details: outcome.outputTail.text, worker: outcome.worker, batch: outcome.batch.id))
            }
        }
        return BatchFinish(extraResults: extra)
    }
}

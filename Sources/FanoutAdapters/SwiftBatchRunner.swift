import FanoutCore
import FanoutPosix
import Foundation

/// Runs a batch of a Swift package's tests with `swift test --skip-build --filter` (XCTest and Swift Testing
/// together). Both report on the result stream as tests end: XCTest's console lines, and Swift Testing's JSON
/// event stream (Swift 6 and later), so a crash is pinned on the test that was running and `--timeout` stops a
/// hanging test of either.
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
        BatchCommand(
            arguments: Self.lineBuffered + ["swift", "test"] + context.frameworkArgs
                + ["--skip-build", "--filter", SwiftTestIDs.filter(batch)]
                + (SwiftTestIDs.skip(batch).map { ["--skip", $0] } ?? []) + Self.swiftTestingEvents,
            environment: context.testEnvironment, workingDirectory: context.workspace,
            // XCTest prints its results on stdout, and Swift Testing's events go there too: the result stream.
            resultDescriptor: 1)
    }

    /// Swift Testing's event stream, written to stdout as tests run (its options exist from Swift 6 on, which
    /// is also where Swift Testing starts: older toolchains run XCTest alone).
    static let swiftTestingEvents: [String] = {
        let version = try? CapturedCommand.run(
            ["swift", "--version"], workspace: "/", environment: SystemInfo.environment)
        guard let text = version?.output.text, let range = text.range(of: "Swift version "),
            let major = Int(text[range.upperBound...].prefix { $0.isNumber }), major >= 6
        else { return [] }
        // One test at a time, as XCTest runs them: a crash or a timeout then names the one test that was running
        // (Fanout's slots are the parallelism).
        return [
            "--no-parallel", "--experimental-event-stream-output", "/dev/stdout", "--experimental-event-stream-version",
            "0",
        ]
    }()

    /// XCTest prints through C stdio, which buffers whole blocks into a pipe: without line buffering a test's
    /// `started` line arrives only when the process ends, too late for timeouts and crash attribution.
    static let lineBuffered: [String] =
        FileManager.default.isExecutableFile(atPath: "/usr/bin/stdbuf") ? ["/usr/bin/stdbuf", "-oL", "-eL"] : []

    public func decode(line: [UInt8], batch: Batch) -> AdapterEvent? {
        if let event = SwiftTestingEvents.decode(line) { return event }
        return XCTestConsole.decode(String(decoding: line, as: UTF8.self), scopes: batch.scopes)
    }

    /// After a crash, the test that was running gets the error and the batch's unreported tests run again (the
    /// controller requeues them once, without the tests that have a result). A `swift test` that ends
    /// abnormally before any test started (it could not run at all) leaves an error with its output on every
    /// scope it did not report.
    public func finish(_ outcome: BatchProcessOutcome) -> BatchFinish {
        if outcome.cancelled { return BatchFinish() }
        // `swift test` exits 1 when its test process crashes, as when tests fail: a test that started and never
        // ended tells the two apart.
        let ended = outcome.signal == nil && [0, 1].contains(outcome.exitCode ?? -1)
        guard !ended || !outcome.unfinished.isEmpty else { return BatchFinish() }
        let how = outcome.signal.map { "was killed by signal \($0)" } ?? "exited with \(outcome.exitCode ?? -1)"
        guard outcome.unfinished.isEmpty else {
            let crashed = outcome.unfinished.map { PythonBatchFinisher.unfinished($0, outcome: outcome, how: how) }
            return BatchFinish(extraResults: crashed, incomplete: outcome.batch.scopes)
        }
        let reported = Set(outcome.results.map(\.scope))
        return BatchFinish(
            extraResults: outcome.batch.scopes.filter { !reported.contains($0) }.map { scope in
                TestResult(
                    id: scope, scope: scope, outcome: .error,
                    message: "swift test \(how) before reporting any test of this scope",
                    details: outcome.outputTail.text, worker: outcome.worker, batch: outcome.batch.id)
            })
    }
}

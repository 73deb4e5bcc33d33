import FanoutCore
import FanoutPosix
import FoundationEssentials

/// Runs a batch of a Swift package's tests through its built test binary: XCTest's tests by name, then Swift
/// Testing's by a `--filter` (`SwiftBatchPlan`), without `swift test` (whose start-up costs most of a second per
/// batch). Both report on the result stream as tests end: XCTest's console lines, and Swift Testing's JSON event
/// stream (Swift 6 and later), so a crash is pinned on the test that was running and `--timeout` stops a
/// hanging test of either.
public struct SwiftBatchRunner: BatchRunning {
    public var name: String { "swift" }
    /// The plan for this host's build, made once per agent session by `prepareWorkspace`.
    private let plan = Locked<SwiftBatchPlan?>(nil)

    public init() {}

    /// A runner for a package already built and listed (its workspace preparation then lists it again).
    public init(products: SwiftTestProducts) {
        plan.withLock { $0 = SwiftBatchPlan(products: products) }
    }

    public func prepare(supportDirectory: String) throws {}

    /// Builds the package and its tests once per host, and lists its test binaries (skipped while the package's
    /// sources are unchanged since this host's last build: `SwiftPackageBuild`).
    public func prepareWorkspace(in context: SlotContext) throws {
        let selection = try SwiftTestSelection(arguments: context.frameworkArgs)
        let products = try SwiftPackageBuild(
            workspace: context.workspace, swiftArgs: selection.buildArgs, environment: context.baseEnvironment
        ).products()
        plan.withLock { $0 = SwiftBatchPlan(products: products, selection: selection) }
    }

    public func command(for batch: Batch, in context: SlotContext) -> BatchCommand {
        // The agent prepares the workspace before any batch, so the plan is there; a batch whose tests all have
        // results already has nothing to run.
        let steps = (plan.withLock { $0 }?.steps(for: batch) ?? []).map { Self.lineBuffered + $0 }
        return BatchCommand(
            arguments: steps.first ?? ["/bin/true"], environment: context.testEnvironment,
            workingDirectory: context.workspace,
            // XCTest prints its results on stdout, and Swift Testing's events go there too: the result stream.
            resultDescriptor: 1, followUps: Array(steps.dropFirst()))
    }

    /// XCTest prints through C stdio, which buffers whole blocks into a pipe: without line buffering a test's
    /// `started` line arrives only when the process ends, too late for timeouts and crash attribution.
    static let lineBuffered: [String] =
        FileManager.default.isExecutableFile(atPath: "/usr/bin/stdbuf") ? ["/usr/bin/stdbuf", "-oL", "-eL"] : []

    public func decode(line: [UInt8], batch: Batch) -> AdapterEvent? {
        if let event = SwiftTestingEvents.decode(line) { return event }
        return XCTestConsole.decode(String(decoding: line, as: UTF8.self), scopes: batch.scopes)
    }

    /// A scope the host's test binaries do not hold gets an error. After a crash, the test that was running gets
    /// the error and the batch's unreported tests run again (the controller requeues them once, without the
    /// tests that have a result). A test binary that ends abnormally before any test started (it could not run
    /// at all) leaves an error with its output on every scope it did not report.
    public func finish(_ outcome: BatchProcessOutcome) -> BatchFinish {
        if outcome.cancelled { return BatchFinish() }
        var missing: [TestResult] = []
        if let plan = plan.withLock({ $0 }) {
            missing = outcome.batch.scopes.filter { !plan.holds($0) }.map { scope in
                TestResult(
                    id: scope, scope: scope, outcome: .error,
                    message: "no test binary built on this host holds \(scope) (was it renamed or removed?)",
                    details: "test binaries: " + plan.products.binaries.map(\.path).joined(separator: ", "),
                    worker: outcome.worker, batch: outcome.batch.id)
            }
        }
        var finish = finishHeld(outcome, skipping: Set(missing.map(\.scope)))
        finish.extraResults = missing + finish.extraResults
        return finish
    }

    private func finishHeld(_ outcome: BatchProcessOutcome, skipping missing: Set<String>) -> BatchFinish {
        let ended = outcome.signal == nil && [0, 1].contains(outcome.exitCode ?? -1)
        guard !ended || !outcome.unfinished.isEmpty else { return BatchFinish() }
        let how = outcome.signal.map { "was killed by signal \($0)" } ?? "exited with \(outcome.exitCode ?? -1)"
        guard outcome.unfinished.isEmpty else {
            let crashed = outcome.unfinished.map { PythonBatchFinisher.unfinished($0, outcome: outcome, how: how) }
            return BatchFinish(extraResults: crashed, incomplete: outcome.batch.scopes.filter { !missing.contains($0) })
        }
        let reported = Set(outcome.results.map(\.scope)).union(missing)
        return BatchFinish(
            extraResults: outcome.batch.scopes.filter { !reported.contains($0) }.map { scope in
                TestResult(
                    id: scope, scope: scope, outcome: .error,
                    message: "the test binary \(how) before reporting any test of this scope",
                    details: outcome.outputTail.text, worker: outcome.worker, batch: outcome.batch.id)
            })
    }
}

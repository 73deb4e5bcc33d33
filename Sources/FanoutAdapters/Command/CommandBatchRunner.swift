import FanoutCore
import FanoutPosix
import FoundationEssentials

/// The generic command adapter's agent side: runs the configured argv for a batch (never through a shell)
/// and reads the JUnit XML report it writes.
public struct CommandBatchRunner: BatchRunning {
    public let spec: CommandSpec

    public init(spec: CommandSpec) {
        self.spec = spec
    }

    public var name: String { "command" }

    /// The tool writes JUnit XML to a file; the batch's result pipe sits on this descriptor, unused, as for any batch.
    static let unusedResultDescriptor: Int32 = 3

    public func prepare(supportDirectory: String) throws {}

    public func command(for batch: Batch, in context: SlotContext) -> BatchCommand {
        let report = PathText.join(context.temporaryDirectory, "fanout-batch-\(batch.id).xml")
        try? FileManager.default.removeItem(atPath: report)
        return BatchCommand(
            arguments: Self.expand(spec.run, scopes: batch.scopes, junit: report, separator: spec.separator),
            environment: context.testEnvironment, workingDirectory: context.workspace,
            resultDescriptor: Self.unusedResultDescriptor, resultFile: report)
    }

    /// `{tests}` alone in an argument becomes one argument per scope; inside a longer one, the scopes joined.
    static func expand(_ template: [String], scopes: [String], junit: String, separator: String) -> [String] {
        template.flatMap { argument -> [String] in
            if argument == "{tests}" { return scopes }
            return [
                argument.replacing("{tests}", with: scopes.joined(separator: separator))
                    .replacing("{junit}", with: junit)
            ]
        }
    }

    public func decode(line: [UInt8], batch: Batch) -> AdapterEvent? { nil }

    public func finish(_ outcome: BatchProcessOutcome) -> BatchFinish {
        if outcome.cancelled { return BatchFinish() }
        let how =
            outcome.signal.map { "was killed by signal \($0)" }
            ?? "exited with \(outcome.exitCode.map(String.init) ?? "?")"
        if let expiry = outcome.timedOut {
            // The tool reports its tests only at its end, so the whole batch is what timed out.
            let limit = NumberText.plain(expiry.limit)
            let message = "timed out: the command was still running after \(limit) s (\(expiry.option) \(limit))"
            return BatchFinish(
                extraResults: errors(outcome, message: message).map {
                    var result = $0
                    result.outcome = .timeout
                    return result
                })
        }
        guard let path = outcome.resultFile, let data = FileManager.default.contents(atPath: path) else {
            return BatchFinish(
                extraResults: errors(
                    outcome,
                    message: "the command \(how) without writing its JUnit report (\(outcome.resultFile ?? "?"))"))
        }
        let cases: [JUnitCase]
        do {
            cases = JUnitCase.cases(in: try MiniXMLParser.parse(Array(data)))
        } catch {
            return BatchFinish(
                extraResults: errors(outcome, message: "the command's JUnit report is unreadable: \(error)"))
        }
        let mapping = JUnitMapping(spec: spec, scopes: outcome.batch.scopes)
        var results = cases.map { mapping.result(for: $0, worker: outcome.worker, batch: outcome.batch.id) }
        // A crash after a partial report leaves the scopes it never reached without results.
        if outcome.signal != nil {
            let reported = Set(results.map(\.scope))
            results += errors(outcome, message: "the command \(how) before reporting any test of this scope")
                .filter { !reported.contains($0.scope) }
        }
        return BatchFinish(extraResults: results)
    }

    private func errors(_ outcome: BatchProcessOutcome, message: String) -> [TestResult] {
        outcome.batch.scopes.map {
            TestResult(
                id: $0, scope: $0, outcome: .error, message: message, details: outcome.outputTail.text,
                worker: outcome.worker, batch: outcome.batch.id)
        }
    }
}

/// Turns JUnit test cases into Fanout results: the id from the spec's template, the scope from the spec's
/// attribute (or the batch scope it starts with).
struct JUnitMapping {
    let spec: CommandSpec
    let scopes: [String]

    func result(for testCase: JUnitCase, worker: WorkerID, batch: Int) -> TestResult {
        let id = spec.idTemplate.replacing("{classname}", with: testCase.classname)
            .replacing("{name}", with: testCase.name)
            .replacing("{file}", with: testCase.file ?? "")
        let named: String =
            switch spec.scopeAttribute {
            case "file": testCase.file ?? testCase.classname
            case "name": testCase.name
            default: testCase.classname
            }
        let scope = scopes.contains(named) ? named : (scopes.first { named.hasPrefix($0) } ?? named)
        return TestResult(
            id: id, scope: scope, outcome: testCase.outcome, duration: testCase.seconds, message: testCase.message,
            details: testCase.details, stdout: testCase.stdout, stderr: testCase.stderr, worker: worker, batch: batch)
    }
}

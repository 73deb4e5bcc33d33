import FanoutCore
import FanoutPosix
import FoundationEssentials

/// Runs a batch of CPython test modules through libregrtest with Fanout's runner (fanout_regrtest_runner.py): one
/// process, the modules in turn as `python -m test` runs them without `-j`, so resource checks, environment checks
/// and skips are regrtest's own; results streamed on descriptor 3.
public struct RegrtestBatchRunner: BatchRunning {
    public var name: String { "regrtest" }

    /// libregrtest registers faulthandler for SIGUSR1.
    public var dumpsStacksOnSIGUSR1: Bool { true }

    public init() {}

    public func prepare(supportDirectory: String) throws {
        try EmbeddedPython.fanoutRegrtestRunner.write(into: supportDirectory)
        // The regrtest runner imports the unittest runner's result writer.
        try EmbeddedPython.fanoutUnittestRunner.write(into: supportDirectory)
    }

    static func runnerPath(_ supportDirectory: String) -> String {
        EmbeddedPython.fanoutRegrtestRunner.path(in: supportDirectory)
    }

    public func command(for batch: Batch, in context: SlotContext) -> BatchCommand {
        let environment = PythonRunner.environment(
            supportDirectory: context.supportDirectory, workspace: context.workspace, base: context.testEnvironment)
        let runnerArguments = Self.arguments(batch: batch, regrtestOptions: context.frameworkArgs)
        return BatchCommand(
            arguments: [context.executable, Self.runnerPath(context.supportDirectory)] + runnerArguments,
            environment: environment, workingDirectory: context.workspace,
            resultDescriptor: PythonRunner.resultDescriptor, frameworkArguments: runnerArguments)
    }

    /// Regrtest's options, `--`, the tests to leave out (`name::test.id`), then whole modules by name and slices as `name::test.id`
    /// (run with `--match` on exactly those ids).
    public static func arguments(batch: Batch, regrtestOptions: [String]) -> [String] {
        let deselect = batch.deselected.sorted { $0.key < $1.key }.flatMap { scope, tests in
            tests.flatMap { ["--fanout-deselect", scope + "::" + $0] }
        }
        let selection = batch.scopes.flatMap { scope -> [String] in
            guard let tests = batch.slices[scope] else { return [scope] }
            return tests.map { scope + "::" + $0 }
        }
        return regrtestOptions + ["--"] + deselect + selection
    }

    public func decode(line: [UInt8], batch: Batch) -> AdapterEvent? {
        PluginEvent.decode(line: line)
    }

    public func finish(_ outcome: BatchProcessOutcome) -> BatchFinish {
        PythonBatchFinisher(framework: "regrtest", usageExitCode: 2).finish(outcome)
    }
}

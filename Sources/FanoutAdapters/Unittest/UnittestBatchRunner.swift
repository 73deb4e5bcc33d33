import FanoutCore
import FanoutPosix
import FoundationEssentials

/// Runs a batch through Fanout's unittest runner (fanout_unittest_runner.py): whole modules by path, slices as
/// `path::test.id`, results streamed on descriptor 3 in the pytest plugin's format.
public struct UnittestBatchRunner: BatchRunning {
    public var name: String { "unittest" }

    /// The runner registers faulthandler for SIGUSR1.
    public var dumpsStacksOnSIGUSR1: Bool { true }

    public init() {}

    public func prepare(supportDirectory: String) throws {
        for file in [EmbeddedPython.fanoutUnittestRunner, EmbeddedPython.fanoutUnittestWarmWorker]
            + PythonWarmWorker.sharedFiles
        {
            try file.write(into: supportDirectory)
        }
    }

    static func runnerPath(_ supportDirectory: String) -> String {
        EmbeddedPython.fanoutUnittestRunner.path(in: supportDirectory)
    }

    public func command(for batch: Batch, in context: SlotContext) -> BatchCommand {
        let environment = PythonRunner.environment(
            supportDirectory: context.supportDirectory, workspace: context.workspace, base: context.testEnvironment)
        let runnerArguments = Self.arguments(batch: batch) + context.frameworkArgs
        return BatchCommand(
            arguments: [context.executable, Self.runnerPath(context.supportDirectory)] + runnerArguments,
            environment: environment, workingDirectory: context.workspace,
            resultDescriptor: PythonRunner.resultDescriptor, frameworkArguments: runnerArguments)
    }

    public func warmWorkerCommand(in context: SlotContext) -> BatchCommand? {
        PythonWarmWorker.command(EmbeddedPython.fanoutUnittestWarmWorker, in: context)
    }

    /// Whole modules as their paths, slices as `path::test.id`, and `--deselect test.id` for tests to leave out.
    static func arguments(batch: Batch) -> [String] {
        let selection = batch.scopes.flatMap { scope -> [String] in
            guard let tests = batch.slices[scope] else { return [scope] }
            return tests.map { scope + "::" + $0 }
        }
        let deselect = batch.deselected.sorted { $0.key < $1.key }.flatMap { $0.value.flatMap { ["--deselect", $0] } }
        return deselect + selection
    }

    public func decode(line: [UInt8], batch: Batch) -> AdapterEvent? {
        PluginEvent.decode(line: line)
    }

    public func finish(_ outcome: BatchProcessOutcome) -> BatchFinish {
        PythonBatchFinisher(framework: "the unittest runner", usageExitCode: nil).finish(outcome)
    }
}

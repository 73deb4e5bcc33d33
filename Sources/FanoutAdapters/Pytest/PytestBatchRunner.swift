import FanoutCore
import FanoutPosix
import FoundationEssentials

/// Runs a batch as one pytest process with Fanout's plugin, which streams results on descriptor 3.
public struct PytestBatchRunner: BatchRunning {
    public var name: String { "pytest" }

    /// The runner registers faulthandler for SIGUSR1.
    public var dumpsStacksOnSIGUSR1: Bool { true }

    public init() {}

    public func prepare(supportDirectory: String) throws {
        for file in [EmbeddedPython.fanoutPytestPlugin, EmbeddedPython.fanoutWarmWorker] + PythonWarmWorker.sharedFiles
        {
            try file.write(into: supportDirectory)
        }
    }

    public func command(for batch: Batch, in context: SlotContext) -> BatchCommand {
        var environment = PythonRunner.environment(
            supportDirectory: context.supportDirectory, workspace: context.workspace,
            base: Self.coverageContext(context).testEnvironment)
        if context.measuresCoverage {
            environment["COVERAGE_FILE"] = CoverageDataFiles.batchFile(
                workspace: context.workspace, runID: context.runID, worker: context.worker, batch: batch.id,
                attempt: String(UUID().uuidString.prefix(8)))
        }
        // One broken file must not stop the other files of its batch; plain pytest would abort them all.
        // A slice names its tests as `file::rest-of-id`: relative to the workspace like the file, whatever
        // directory pytest's node ids are relative to.
        let wholeFiles = batch.scopes.filter { batch.slices[$0] == nil }
        let testIDs = batch.scopes.flatMap { scope -> [String] in
            guard let tests = batch.slices[scope] else { return [] }
            return tests.map { PytestNodeIDs.inScope($0, scope: scope) ?? scope }
        }
        let deselect = batch.deselected.sorted { $0.key < $1.key }.flatMap { scope, tests in
            tests.compactMap { PytestNodeIDs.inScope($0, scope: scope).map { "--fanout-deselect=" + $0 } }
        }
        let pytestArguments =
            ["--continue-on-collection-errors"] + context.frameworkArgs + deselect
            + PytestSelection.arguments(wholeFiles: wholeFiles, testIDs: testIDs)
        return BatchCommand(
            arguments: [context.executable, "-c", EmbeddedPython.fanoutPytestBootstrap.text] + pytestArguments,
            environment: environment, workingDirectory: context.workspace,
            resultDescriptor: PythonRunner.resultDescriptor,
            frameworkArguments: pytestArguments)
    }

    public func warmWorkerCommand(in context: SlotContext) -> BatchCommand? {
        PythonWarmWorker.command(EmbeddedPython.fanoutWarmWorker, in: Self.coverageContext(context))
    }

    /// Under coverage, the plugin and the warm worker hear of it (FANOUT_COVERAGE), and a warm worker imports
    /// none of the user's `warm_imports`: a module imported before a batch's pytest-cov starts would have its
    /// top-level lines missed, which a run in one process measures.
    static func coverageContext(_ context: SlotContext) -> SlotContext {
        guard context.measuresCoverage else { return context }
        var context = context
        context.baseEnvironment["FANOUT_COVERAGE"] = "1"
        context.warmImports = []
        return context
    }

    public func decode(line: [UInt8], batch: Batch) -> AdapterEvent? {
        PluginEvent.decode(line: line)
    }

    public func finish(_ outcome: BatchProcessOutcome) -> BatchFinish {
        PythonBatchFinisher().finish(outcome)
    }
}

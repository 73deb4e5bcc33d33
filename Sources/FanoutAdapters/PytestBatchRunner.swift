import FanoutCore
import FanoutPosix
import FoundationEssentials

/// Runs a batch as one pytest process with Fanout's plugin, which streams results on descriptor 3.
public struct PytestBatchRunner: BatchRunning {
    public static let resultDescriptor: Int32 = 3
    /// Descriptor number of the warm worker's control socket (see fanout_warm_worker.py).
    static let warmControlDescriptor: Int32 = 5
    /// Bytes of captured output and failure text kept per field of one test.
    public static let captureLimit = 65536

    public var name: String { "pytest" }

    /// The runner registers faulthandler for SIGUSR1.
    public var dumpsStacksOnSIGUSR1: Bool { true }

    public init() {}

    public func prepare(supportDirectory: String) throws {
        for file in [EmbeddedPython.fanoutPytestPlugin, EmbeddedPython.fanoutWarmWorker, EmbeddedPython.fanoutPageCopies] {
            try file.write(into: supportDirectory)
        }
    }

    public func command(for batch: Batch, in context: SlotContext) -> BatchCommand {
        let environment = Self.pluginEnvironment(
            supportDirectory: context.supportDirectory, workspace: context.workspace, base: context.testEnvironment)
        // One broken file must not stop the other files of its batch; plain pytest would abort them all.
        // A slice names its tests as `file::rest-of-id`: relative to the workspace like the file, whatever
        // directory pytest's node ids are relative to.
        let wholeFiles = batch.scopes.filter { batch.slices[$0] == nil }
        let testIDs = batch.scopes.flatMap { scope -> [String] in
            guard let tests = batch.slices[scope] else { return [] }
            return tests.map { id in
                guard let separator = id.firstRange(of: "::") else { return scope }
                return scope + String(id[separator.lowerBound...])
            }
        }
        let deselect = batch.deselected.sorted { $0.key < $1.key }.flatMap { scope, tests in
            tests.flatMap { id -> [String] in
                guard let separator = id.firstRange(of: "::") else { return [] }
                return ["--fanout-deselect=" + scope + String(id[separator.lowerBound...])]
            }
        }
        let pytestArguments =
            ["--continue-on-collection-errors"] + context.frameworkArgs + deselect
            + PytestSelection.arguments(wholeFiles: wholeFiles, testIDs: testIDs)
        return BatchCommand(
            arguments: [context.executable, "-c", EmbeddedPython.fanoutPytestBootstrap.text] + pytestArguments,
            environment: environment, workingDirectory: context.workspace, resultDescriptor: Self.resultDescriptor,
            frameworkArguments: pytestArguments)
    }

    public func warmWorkerCommand(in context: SlotContext) -> BatchCommand? {
        guard context.warm else { return nil }
        var environment = Self.pluginEnvironment(
            supportDirectory: context.supportDirectory, workspace: context.workspace, base: context.testEnvironment)
        environment["FANOUT_WARM_FD"] = String(Self.warmControlDescriptor)
        environment["FANOUT_WARM_IMPORTS"] = context.warmImports.joined(separator: ",")
        let warmUpArguments = (try? JSONEncoder().encode(context.frameworkArgs)).map {
            String(decoding: $0, as: UTF8.self)
        }
        environment["FANOUT_WARM_ARGS"] = warmUpArguments ?? "[]"
        environment["FANOUT_WARM_COPY_AHEAD"] = context.spareCores ? "1" : "0"
        return BatchCommand(
            arguments: [context.executable, Self.warmServerPath(context.supportDirectory)], environment: environment,
            workingDirectory: context.workspace, resultDescriptor: Self.warmControlDescriptor)
    }

    static func warmServerPath(_ supportDirectory: String) -> String {
        EmbeddedPython.fanoutWarmWorker.path(in: supportDirectory)
    }

    /// `base` plus what Fanout's Python runners read from their environment: where to write results, where the
    /// plugin lives, the workspace, the capture limit.
    static func pluginEnvironment(supportDirectory: String, workspace: String, base: [String: String]) -> [String:
        String]
    {
        base.merging([
            "FANOUT_RESULT_FD": String(resultDescriptor),
            "FANOUT_PLUGIN_PATH": EmbeddedPython.fanoutPytestPlugin.path(in: supportDirectory),
            "FANOUT_WORKSPACE": workspace,
            "FANOUT_CAPTURE_LIMIT": String(captureLimit),
        ]) { _, runner in runner }
    }

    public func decode(line: [UInt8], batch: Batch) -> AdapterEvent? {
        PluginEvent.decode(line: line)
    }

    public func finish(_ outcome: BatchProcessOutcome) -> BatchFinish {
        PythonBatchFinisher().finish(outcome)
    }
}

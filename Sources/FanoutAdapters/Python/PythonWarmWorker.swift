import FanoutCore
import FanoutPosix
import FoundationEssentials

/// What Fanout's warm Python workers share (pytest's, unittest's, Django's): the fork protocol they speak
/// (fanout_warm_forks.py, with its page copies) and how one is started. Each framework's worker does its own
/// imports and runs a batch its own way; `BatchCommand.frameworkArguments` are what a fork gets as its arguments.
enum PythonWarmWorker {
    /// Descriptor number of a warm worker's control socket (FANOUT_WARM_FD).
    static let controlDescriptor: Int32 = 5

    /// The files every warm worker loads from beside its own.
    static let sharedFiles = [EmbeddedPython.fanoutWarmForks, EmbeddedPython.fanoutPageCopies]

    /// How to start `worker`, with the environment its batches get (by default that of Fanout's Python
    /// runners): nil when the run is cold (`--no-warm`).
    static func command(_ worker: EmbeddedFile, environment: [String: String]? = nil, in context: SlotContext)
        -> BatchCommand?
    {
        guard context.warm else { return nil }
        var environment =
            environment
            ?? PythonRunner.environment(
                supportDirectory: context.supportDirectory, workspace: context.workspace, base: context.testEnvironment)
        environment["FANOUT_WARM_FD"] = String(controlDescriptor)
        environment["FANOUT_WARM_IMPORTS"] = context.warmImports.joined(separator: ",")
        let warmUpArguments = (try? JSONEncoder().encode(context.frameworkArgs)).map {
            String(decoding: $0, as: UTF8.self)
        }
        environment["FANOUT_WARM_ARGS"] = warmUpArguments ?? "[]"
        environment["FANOUT_WARM_COPY_AHEAD"] = context.spareCores ? "1" : "0"
        if let cache = UserCacheDirectory.path(environment: SystemInfo.environment) {
            environment["FANOUT_CACHE_DIR"] = cache
        }
        return BatchCommand(
            arguments: [context.executable, worker.path(in: context.supportDirectory)], environment: environment,
            workingDirectory: context.workspace, resultDescriptor: controlDescriptor)
    }
}
